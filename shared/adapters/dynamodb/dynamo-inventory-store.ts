// InventoryStore on DynamoDB: exactly-once batch writes through transactions with chunk markers.
//
// Why this design. Lambda retries a failed asynchronous invocation and may deliver an event twice
// even without a failure, and CloudWatch Logs redelivers for up to a day. Counts must not double.
// Powertools idempotency is not enough: it forgets a batch whose function threw, so a retry after a
// half-written batch would add the written half again.
//
// So a batch is written in chunks of at most 99 items, each chunk one TransactWriteItems together with
// a marker item BATCH#<id>/CHUNK#<n> put with attribute_not_exists. A chunk and its marker commit or
// fail together: a redelivery finds the marker and skips the chunk, a retry after a crash redoes only
// the chunks that never committed. Chunks are cut from the batch's items sorted by key, so every
// delivery of the same batch cuts the same chunks.
//
// Inside a chunk, each item is read first (consistent BatchGetItem), merged with the batch's tally by the
// pure mergeUsage (true min/max of first/last seen, bounded source sketch, per-day hits) and written
// back with a compare-and-set on its hit count. A concurrent writer that got there first fails the
// condition; the chunk is then re-read and retried with jittered backoff. The result: exact counts,
// exact listing-index keys, one write per item per batch.
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type {
  BatchWrite,
  BatchWriteResult,
  HostnameListing,
  HostnameSummary,
  InventoryStore,
  ListedHostname,
  ListPosition,
} from '../../app/ports/inventory-store.ts';
import { mapConcurrently } from '../../domain/concurrency.ts';
import { InventoryStoreError } from '../../domain/errors.ts';
import type { HostnameDetail, HostnameRecord, HostnameStatus } from '../../domain/inventory.ts';
import { mergeUsage, type Usage } from '../../domain/usage.ts';
import { queryPages } from './document-client.ts';
import {
  batchMarkerKey,
  detailFromItems,
  hitsKeyOf,
  hostnameFromItem,
  hostnamePk,
  INDEX,
  type Item,
  LIST_ALL,
  LIST_SHARDS,
  lastSeenKeyOf,
  listKeyOf,
  listShardOf,
  locationSk,
  positionOfListKey,
  SUMMARY_LIST_ATTRIBUTES,
  SUMMARY_SK,
  summaryFromItem,
  TTL_ATTRIBUTE,
  USAGE_ATTRIBUTES,
  usageFromItem,
  usageToItem,
} from './inventory-table.ts';

export interface DynamoInventoryStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Epoch ms; stamps markers' expiry. */
  now?: () => number;
  /** Items per transaction, at most 99 (one action is the marker). */
  chunkSize?: number;
  /** Chunks written at once. */
  concurrency?: number;
  /** Attempts per chunk before giving up (the invocation then fails and Lambda retries it). */
  maxAttempts?: number;
}

/** How long batch markers are kept: longer than any redelivery (Lambda ≤ 6 h, CloudWatch Logs ≤ 24 h). */
export const MARKER_TTL_SECONDS = 7 * 24 * 3600;
const MAX_TRANSACTION_ITEMS = 100;
const RETRYABLE_REASONS = new Set([
  'None',
  'ConditionalCheckFailed',
  'TransactionConflict',
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
]);
const RETRYABLE_ERRORS = new Set([
  'TransactionConflictException',
  'TransactionInProgressException',
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'InternalServerError',
]);

/**
 * Up to this many members, a status's hostnames (read from byStatus, keys only) filter a listing's keys
 * before any summary is read; a larger status (`observed`, usually) is checked on the summaries instead.
 */
const STATUS_MEMBERS_LIMIT = 2000;
/**
 * Summaries read per listing step, at most: the largest page, so that an unfiltered page is one step
 * (five BatchGetItem calls side by side) and reads no summary it does not show.
 */
const MAX_SUMMARIES_PER_STEP = 500;
/** Positions a listing step holds before yielding, even when the filters skip all of them. */
const MAX_POSITIONS_PER_STEP = 1000;
/** The most keys one listing query asks for (with their listing attributes: a few hundred KB at most). */
const MAX_KEYS_PER_QUERY = 1000;

interface ShardWalk {
  shard: string;
  keys: string[];
  /** The listing attributes of each key's summary (the index projects them). */
  items: Item[];
  next: number;
  startKey: Record<string, unknown> | undefined;
  done: boolean;
  limit: number;
}

interface PlannedItem {
  key: { pk: string; sk: string };
  delta: Usage;
  /** Attributes set on every write that never change for this item. */
  fixed: Item;
  summary: boolean;
}

export class DynamoInventoryStore implements InventoryStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #now: () => number;
  readonly #chunkSize: number;
  readonly #concurrency: number;
  readonly #maxAttempts: number;

  constructor(options: DynamoInventoryStoreOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
    this.#now = options.now ?? Date.now;
    this.#chunkSize = Math.min(options.chunkSize ?? MAX_TRANSACTION_ITEMS - 1, MAX_TRANSACTION_ITEMS - 1);
    this.#concurrency = options.concurrency ?? 4;
    this.#maxAttempts = options.maxAttempts ?? 12;
  }

  async applyBatch(write: BatchWrite): Promise<BatchWriteResult> {
    try {
      return await this.#applyBatch(write);
    } catch (error) {
      throw storeError(`writing batch ${write.batchId}`, error);
    }
  }

  async #applyBatch({ batchId, aggregate }: BatchWrite): Promise<BatchWriteResult> {
    const planned = planItems(aggregate);
    const chunks: PlannedItem[][] = [];
    for (let i = 0; i < planned.length; i += this.#chunkSize)
      chunks.push(planned.slice(i, i + this.#chunkSize));
    const result: BatchWriteResult = { chunks: chunks.length, duplicateChunks: 0, itemsWritten: 0 };
    let next = 0;
    let failed = false;
    const worker = async () => {
      // After a failure no new chunk starts: the invocation is failing and its retry redoes the rest.
      while (next < chunks.length && !failed) {
        const index = next++;
        const chunk = chunks[index] as PlannedItem[];
        try {
          if (await this.#applyChunk(batchId, index, chunk)) result.itemsWritten += chunk.length;
          else result.duplicateChunks++;
        } catch (error) {
          failed = true;
          throw error;
        }
      }
    };
    const outcomes = await Promise.allSettled(
      Array.from({ length: Math.min(this.#concurrency, chunks.length) }, worker),
    );
    const failure = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failure !== undefined) throw failure.reason;
    return result;
  }

  /** Writes one chunk exactly once; false when an earlier delivery already wrote it. */
  async #applyChunk(batchId: string, index: number, chunk: PlannedItem[]): Promise<boolean> {
    const marker = batchMarkerKey(batchId, index);
    for (let attempt = 1; ; attempt++) {
      // The marker rides along in the same read: a redelivered chunk costs one read and no write.
      const stored = await this.#read([...chunk.map((item) => item.key), marker]);
      if (stored.has(keyString(marker))) return false;
      const input: TransactWriteCommandInput = {
        TransactItems: [
          ...chunk.map((item) => ({ Update: this.#update(item, stored.get(keyString(item.key))) })),
          {
            Put: {
              TableName: this.#table,
              Item: {
                ...marker,
                type: 'batch-marker',
                items: chunk.length,
                appliedAt: this.#now(),
                [TTL_ATTRIBUTE]: Math.floor(this.#now() / 1000) + MARKER_TTL_SECONDS,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      };
      try {
        await this.#client.send(new TransactWriteCommand(input));
        return true;
      } catch (error) {
        const name = (error as { name?: string }).name ?? '';
        const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
        if (
          name === 'TransactionCanceledException' &&
          reasons[chunk.length]?.Code === 'ConditionalCheckFailed'
        ) {
          return false;
        }
        const retryable =
          name === 'TransactionCanceledException'
            ? reasons.every((reason) => RETRYABLE_REASONS.has(reason.Code ?? 'None'))
            : RETRYABLE_ERRORS.has(name);
        if (!retryable || attempt >= this.#maxAttempts) {
          throw new InventoryStoreError(
            `writing chunk ${index} of batch ${batchId} failed after ${attempt} attempt(s): ${name} ${
              reasons.map((r) => r.Code).join(',') || (error as Error).message
            }`,
            { cause: error },
          );
        }
        await sleep(backoffMs(attempt));
      }
    }
  }

  #update(item: PlannedItem, stored: Item | undefined) {
    const previous = stored === undefined ? undefined : usageFromItem(stored);
    const next = mergeUsage(previous, item.delta);
    const values: Item = { ...item.fixed, ...usageToItem(next), updatedAt: this.#now() };
    if (item.summary) {
      const hostname = String(item.fixed.hostname);
      values.lastSeenKey = lastSeenKeyOf(next.lastSeen, hostname);
      values.hitsKey = hitsKeyOf(next.hits, hostname);
      if (stored !== undefined) {
        // Firewalls and zones only grow; keep those earlier batches added.
        values.firewalls = union(stored.firewalls, item.fixed.firewalls);
        values.availabilityZones = union(stored.availabilityZones, item.fixed.availabilityZones);
      }
    }
    const names: Record<string, string> = {};
    const expressionValues: Record<string, unknown> = {};
    const sets: string[] = [];
    for (const [name, value] of Object.entries(values)) {
      names[`#${name}`] = name;
      expressionValues[`:${name}`] = value;
      sets.push(`#${name} = :${name}`);
    }
    if (item.summary) {
      names['#status'] = 'status';
      expressionValues[':observed'] = 'observed';
      sets.push('#status = if_not_exists(#status, :observed)');
    }
    let condition: string;
    if (previous === undefined) {
      condition = 'attribute_not_exists(#hits)';
    } else {
      condition = '#hits = :expectedHits';
      expressionValues[':expectedHits'] = previous.hits;
    }
    return {
      TableName: this.#table,
      Key: item.key,
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: condition,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: expressionValues,
    };
  }

  /** Consistent reads of the usage attributes of up to 100 items, keyed by `pk\u0000sk`. */
  #read(keys: { pk: string; sk: string }[]): Promise<Map<string, Item>> {
    return this.#batchGet(keys, {
      consistent: true,
      attributes: [...USAGE_ATTRIBUTES, 'firewalls', 'availabilityZones'],
    });
  }

  /** BatchGetItem in requests of 100 keys, retrying unprocessed keys; keyed by `pk\u0000sk`. */
  async #batchGet(
    keys: { pk: string; sk: string }[],
    options: { consistent: boolean; attributes?: readonly string[] },
  ): Promise<Map<string, Item>> {
    const found = new Map<string, Item>();
    let projection: { ProjectionExpression?: string; ExpressionAttributeNames?: Record<string, string> } = {};
    if (options.attributes !== undefined) {
      const names: Record<string, string> = { '#pk': 'pk', '#sk': 'sk' };
      for (const attribute of options.attributes) names[`#${attribute}`] = attribute;
      projection = { ProjectionExpression: Object.keys(names).join(', '), ExpressionAttributeNames: names };
    }
    for (let start = 0; start < keys.length; start += 100) {
      let pending: Record<string, unknown>[] = keys.slice(start, start + 100);
      for (let attempt = 1; pending.length > 0; attempt++) {
        const response = await this.#client.send(
          new BatchGetCommand({
            RequestItems: {
              [this.#table]: { Keys: pending, ConsistentRead: options.consistent, ...projection },
            },
          }),
        );
        for (const item of response.Responses?.[this.#table] ?? []) {
          found.set(keyString(item as { pk: string; sk: string }), item);
        }
        pending = response.UnprocessedKeys?.[this.#table]?.Keys ?? [];
        if (pending.length > 0) {
          if (attempt >= this.#maxAttempts) {
            throw new InventoryStoreError(
              `reading ${pending.length} item(s) stayed unprocessed after ${attempt} attempts`,
            );
          }
          await sleep(backoffMs(attempt));
        }
      }
    }
    return found;
  }

  async getHostnames(hostnames: string[]): Promise<Map<string, HostnameRecord>> {
    try {
      const items = await this.#batchGet(
        [...new Set(hostnames)].map((hostname) => ({ pk: hostnamePk(hostname), sk: SUMMARY_SK })),
        { consistent: false },
      );
      const records = new Map<string, HostnameRecord>();
      for (const item of items.values()) {
        const record = hostnameFromItem(item);
        records.set(record.hostname, record);
      }
      return records;
    } catch (error) {
      throw storeError('reading hostnames', error);
    }
  }

  async *recentHostnames(since: number): AsyncIterable<HostnameRecord> {
    const from = lastSeenKeyOf(Math.max(0, Math.floor(since)), '');
    for (let shard = 0; shard < LIST_SHARDS; shard++) {
      for await (const items of queryPages(this.#client, {
        TableName: this.#table,
        IndexName: INDEX.byLastSeen,
        KeyConditionExpression: 'listShard = :shard AND lastSeenKey >= :from',
        ExpressionAttributeValues: { ':shard': `HOSTS#${shard}`, ':from': from },
        // The index has the listing attributes only: the whole record (per-day hits, sources) is read
        // from the table, by the key whose pk is HOST#<hostname>.
        ProjectionExpression: 'pk',
        Limit: 100,
      })) {
        const records = await this.getHostnames(
          items.map((item) => String(item.pk).slice(hostnamePk('').length)),
        );
        yield* records.values();
      }
    }
  }

  async *listHostnames(listing: HostnameListing): AsyncIterable<ListedHostname> {
    try {
      const keep = await this.#listingFilter(listing);
      // byLastSeen and byHits carry the summaries a listing shows; byName has keys only.
      if (listing.sort === 'hostname') {
        yield* this.#withSummaries(this.#walkByName(listing), keep, listing.expected ?? 50);
      } else yield* this.#mergeShards(listing, keep);
    } catch (error) {
      throw storeError(`listing hostnames by ${listing.sort}`, error);
    }
  }

  /** Which hostnames are worth reading a summary for: the caller's hint, and a small status's members. */
  async #listingFilter(listing: HostnameListing): Promise<(hostname: string) => boolean> {
    const matches = listing.hostnameMatches ?? (() => true);
    // Listed by name, a status walks byStatus itself; in the other orders its members filter the keys.
    if (listing.status === undefined || listing.sort === 'hostname') return matches;
    const members = await this.#statusMembers(listing.status);
    if (members === undefined) return matches;
    return (hostname) => members.has(hostname) && matches(hostname);
  }

  /** The hostnames in `status`, or undefined when there are more than STATUS_MEMBERS_LIMIT. */
  async #statusMembers(status: HostnameStatus): Promise<Set<string> | undefined> {
    const members = new Set<string>();
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.#queryKeys({
        index: INDEX.byStatus,
        partition: ['status', status],
        key: 'hostname',
        forward: true,
        limit: STATUS_MEMBERS_LIMIT + 1 - members.size,
        startKey,
      });
      for (const hostname of page.keys) members.add(hostname);
      if (members.size > STATUS_MEMBERS_LIMIT) return undefined;
      startKey = page.startKey;
    } while (startKey !== undefined);
    return members;
  }

  /**
   * byLastSeen or byHits in order: the LIST_SHARDS partitions queried side by side and merged (a k-way
   * merge on their heads), each hostname with the summary the index projects (when `keep` wants it).
   * Every shard resumes after the listing's position: keys are unique, so the merged walk continues
   * exactly where the previous page stopped.
   */
  async *#mergeShards(
    listing: HostnameListing,
    keep: (hostname: string) => boolean,
  ): AsyncIterable<ListedHostname> {
    const byLastSeen = listing.sort === 'lastSeen';
    const forward = listing.order === 'asc';
    const after = listing.after === undefined ? undefined : listKeyOf(listing.after);
    // Each shard holds about 1/LIST_SHARDS of what a page shows; ask for half as much again, then
    // double while a shard keeps being drained.
    const firstLimit = clampInteger(Math.ceil((1.5 * (listing.expected ?? 50)) / LIST_SHARDS) + 8, 16, 200);
    const shards: ShardWalk[] = Array.from({ length: LIST_SHARDS }, (_, n) => ({
      shard: `HOSTS#${n}`,
      keys: [],
      items: [],
      next: 0,
      startKey: undefined,
      done: false,
      limit: firstLimit,
    }));
    const fill = async (walk: ShardWalk) => {
      const page = await this.#queryKeys({
        index: byLastSeen ? INDEX.byLastSeen : INDEX.byHits,
        partition: ['listShard', walk.shard],
        key: byLastSeen ? 'lastSeenKey' : 'hitsKey',
        after,
        forward,
        limit: walk.limit,
        startKey: walk.startKey,
        attributes: SUMMARY_LIST_ATTRIBUTES,
      });
      walk.keys = page.keys;
      walk.items = page.items;
      walk.next = 0;
      walk.startKey = page.startKey;
      walk.done = page.startKey === undefined;
      walk.limit = Math.min(MAX_KEYS_PER_QUERY, walk.limit * 2);
    };
    for (;;) {
      // Every shard needs its head before the merge can choose: refill the drained ones together.
      const drained = shards.filter((walk) => walk.next >= walk.keys.length && !walk.done);
      if (drained.length > 0) {
        await Promise.all(drained.map(fill));
        continue;
      }
      let best: ShardWalk | undefined;
      let bestKey = '';
      for (const walk of shards) {
        const key = walk.keys[walk.next];
        if (key === undefined) continue;
        if (best === undefined || (forward ? key < bestKey : key > bestKey)) {
          best = walk;
          bestKey = key;
        }
      }
      if (best === undefined) return;
      const item = best.items[best.next] as Item;
      best.next++;
      const position = positionOfListKey(bestKey);
      if (position === undefined) continue;
      yield { position, summary: keep(position.hostname) ? summaryFromItem(item) : undefined };
    }
  }

  /** The positions of byName (or of byStatus, when the listing names a status) in hostname order. */
  async *#walkByName(listing: HostnameListing): AsyncIterable<ListPosition> {
    const partition: [string, string] =
      listing.status === undefined ? ['listAll', LIST_ALL] : ['status', listing.status];
    let limit = clampInteger(Math.ceil(1.25 * (listing.expected ?? 50)) + 4, 8, MAX_KEYS_PER_QUERY);
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.#queryKeys({
        index: listing.status === undefined ? INDEX.byName : INDEX.byStatus,
        partition,
        key: 'hostname',
        after: listing.after?.hostname,
        forward: listing.order === 'asc',
        limit,
        startKey,
      });
      for (const hostname of page.keys) yield { hostname };
      startKey = page.startKey;
      limit = Math.min(MAX_KEYS_PER_QUERY, limit * 2);
    } while (startKey !== undefined);
  }

  /** One page of a keys-only index partition: the sort-key values in order, strictly after `after`. */
  async #queryKeys(query: {
    index: string;
    partition: [name: string, value: string];
    key: string;
    after?: string | undefined;
    forward: boolean;
    limit: number;
    startKey: Record<string, unknown> | undefined;
    /** Attributes the index projects to read along with the keys. */
    attributes?: readonly string[] | undefined;
  }): Promise<{ keys: string[]; items: Item[]; startKey: Record<string, unknown> | undefined }> {
    const { after } = query;
    const attributes = query.attributes ?? [];
    const page = await this.#client.send(
      new QueryCommand({
        TableName: this.#table,
        IndexName: query.index,
        KeyConditionExpression:
          after === undefined
            ? '#partition = :partition'
            : `#partition = :partition AND #key ${query.forward ? '>' : '<'} :after`,
        ExpressionAttributeNames: {
          '#partition': query.partition[0],
          '#key': query.key,
          ...Object.fromEntries(attributes.map((name, i) => [`#a${i}`, name])),
        },
        ExpressionAttributeValues: {
          ':partition': query.partition[1],
          ...(after === undefined ? {} : { ':after': after }),
        },
        ProjectionExpression: ['#key', ...attributes.map((_, i) => `#a${i}`)].join(', '),
        ScanIndexForward: query.forward,
        Limit: query.limit,
        ExclusiveStartKey: query.startKey,
      }),
    );
    const items = (page.Items ?? []) as Item[];
    return { keys: items.map((item) => String(item[query.key])), items, startKey: page.LastEvaluatedKey };
  }

  /**
   * Pairs walked positions with their summaries, read with BatchGetItem a step at a time: the first step
   * reads about what the caller expects to take, later ones twice as much each (the caller's filters
   * dropped some), so a page reads few summaries it does not show.
   */
  async *#withSummaries(
    positions: AsyncIterable<ListPosition>,
    keep: (hostname: string) => boolean,
    expected: number,
  ): AsyncIterable<ListedHostname> {
    let step = clampInteger(expected, 1, MAX_SUMMARIES_PER_STEP);
    let pending: ListPosition[] = [];
    let wanted = 0;
    for await (const position of positions) {
      pending.push(position);
      if (keep(position.hostname)) wanted++;
      if (wanted >= step || pending.length >= MAX_POSITIONS_PER_STEP) {
        yield* await this.#readSummaries(pending, keep);
        pending = [];
        wanted = 0;
        step = Math.min(MAX_SUMMARIES_PER_STEP, step * 2);
      }
    }
    if (pending.length > 0) yield* await this.#readSummaries(pending, keep);
  }

  async #readSummaries(
    positions: ListPosition[],
    keep: (hostname: string) => boolean,
  ): Promise<ListedHostname[]> {
    const wanted = positions.filter((position) => keep(position.hostname));
    const groups: { pk: string; sk: string }[][] = [];
    for (let start = 0; start < wanted.length; start += 100) {
      groups.push(
        wanted.slice(start, start + 100).map((p) => ({ pk: hostnamePk(p.hostname), sk: SUMMARY_SK })),
      );
    }
    const found = new Map<string, HostnameSummary>();
    const reads = await mapConcurrently(groups, 4, (keys) =>
      this.#batchGet(keys, { consistent: false, attributes: SUMMARY_LIST_ATTRIBUTES }),
    );
    for (const items of reads) {
      for (const item of items.values()) {
        const summary = summaryFromItem(item);
        found.set(summary.hostname, summary);
      }
    }
    return positions.map((position) => ({ position, summary: found.get(position.hostname) }));
  }

  async setHostnameStatus(hostnames: string[], status: HostnameStatus): Promise<void> {
    try {
      await mapConcurrently([...new Set(hostnames)], 8, async (hostname) => {
        try {
          await this.#client.send(
            new UpdateCommand({
              TableName: this.#table,
              Key: { pk: hostnamePk(hostname), sk: SUMMARY_SK },
              UpdateExpression: 'SET #status = :status',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':status': status },
            }),
          );
        } catch (error) {
          // A hostname never seen (a wildcard's domain itself, say) has no summary to mark.
          if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
        }
      });
    } catch (error) {
      throw storeError(`marking hostnames ${status}`, error);
    }
  }

  async getHostname(hostname: string): Promise<HostnameDetail | undefined> {
    try {
      return detailFromItems(await this.#queryAll({ pk: hostnamePk(hostname) }));
    } catch (error) {
      throw storeError(`reading hostname ${hostname}`, error);
    }
  }

  async #queryAll({ pk }: { pk: string }): Promise<Item[]> {
    const items: Item[] = [];
    for await (const page of queryPages(this.#client, {
      TableName: this.#table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
    })) {
      items.push(...page);
    }
    return items;
  }

  async *exportHostnames(): AsyncIterable<HostnameDetail> {
    for await (const items of queryPages(this.#client, {
      TableName: this.#table,
      IndexName: INDEX.byName,
      KeyConditionExpression: 'listAll = :all',
      ExpressionAttributeValues: { ':all': LIST_ALL },
      Limit: 100,
    })) {
      const hostnames = items.map((item) => String(item.hostname));
      const details = await mapConcurrently(hostnames, 16, (hostname) => this.getHostname(hostname));
      for (const detail of details) if (detail !== undefined) yield detail;
    }
  }
}

/**
 * The items a batch touches: its locations, then its summaries, each sorted by key, so that every
 * delivery cuts the same chunks. Summaries (one per hostname, shared by every zone's log stream) are
 * where concurrent deliveries meet; keeping them in chunks of their own means a conflict on a popular
 * summary never makes location rows be read and written again.
 */
function planItems(aggregate: BatchWrite['aggregate']): PlannedItem[] {
  const items: PlannedItem[] = [];
  for (const location of aggregate.locations) {
    items.push({
      key: {
        pk: hostnamePk(location.hostname),
        sk: locationSk(location.firewall, location.availabilityZone),
      },
      delta: location.usage,
      fixed: {
        type: 'location',
        hostname: location.hostname,
        firewall: location.firewall,
        availabilityZone: location.availabilityZone,
      },
      summary: false,
    });
  }
  for (const summary of aggregate.hostnames) {
    items.push({
      key: { pk: hostnamePk(summary.hostname), sk: SUMMARY_SK },
      delta: summary.usage,
      fixed: {
        type: 'hostname',
        hostname: summary.hostname,
        kind: summary.kind,
        firewalls: summary.firewalls,
        availabilityZones: summary.availabilityZones,
        listShard: listShardOf(summary.hostname),
        listAll: LIST_ALL,
      },
      summary: true,
    });
  }
  return items.sort(
    (a, b) => Number(a.summary) - Number(b.summary) || compareKeys(keyString(a.key), keyString(b.key)),
  );
}

/** Keeps errors of this store as they are; wraps anything else (SDK errors) with the cause kept. */
function storeError(action: string, error: unknown): InventoryStoreError {
  if (error instanceof InventoryStoreError) return error;
  const name = (error as { name?: string }).name ?? 'Error';
  return new InventoryStoreError(`${action} failed: ${name}: ${(error as Error).message}`, { cause: error });
}

const keyString = (key: { pk: string; sk: string }): string => `${key.pk}\u0000${key.sk}`;
const compareKeys = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function union(stored: unknown, added: unknown): string[] {
  const values = new Set<string>([
    ...((stored as string[] | undefined) ?? []),
    ...((added as string[]) ?? []),
  ]);
  return [...values].sort();
}

/** Exponential backoff with full jitter, 25 ms doubling up to 2 s. */
function backoffMs(attempt: number): number {
  return Math.random() * Math.min(2000, 25 * 2 ** attempt);
}

function clampInteger(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, Math.floor(value)));
}
