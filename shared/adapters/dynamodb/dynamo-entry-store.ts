// EntryStore on DynamoDB: each lifecycle step is one transaction — the entry, conditional on its version, and its history line.
import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { EntryStore } from '../../app/ports/entry-store.ts';
import { InventoryStoreError } from '../../domain/errors.ts';
import type { Entry, EntryStatus, EntryTransition, HistoryRecord } from '../../domain/lifecycle.ts';
import { queryPages } from './document-client.ts';
import { ENTRY_SK, entryPk, historySk, INDEX, type Item, MANAGED_PK, noteKey } from './inventory-table.ts';

export interface DynamoEntryStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
}

export class DynamoEntryStore implements EntryStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: DynamoEntryStoreOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  async getEntries(targets: string[]): Promise<Map<string, Entry>> {
    const entries = new Map<string, Entry>();
    const unique = [...new Set(targets)];
    try {
      for (let start = 0; start < unique.length; start += 100) {
        let keys: Record<string, unknown>[] = unique
          .slice(start, start + 100)
          .map((target) => ({ pk: entryPk(target), sk: ENTRY_SK }));
        while (keys.length > 0) {
          const response = await this.#client.send(
            new BatchGetCommand({ RequestItems: { [this.#table]: { Keys: keys, ConsistentRead: true } } }),
          );
          for (const item of response.Responses?.[this.#table] ?? []) {
            const entry = entryFromItem(item);
            entries.set(entry.target, entry);
          }
          keys = response.UnprocessedKeys?.[this.#table]?.Keys ?? [];
        }
      }
      return entries;
    } catch (error) {
      throw entryStoreError('reading entries', error);
    }
  }

  async listEntries(statuses: readonly EntryStatus[]): Promise<Entry[]> {
    const entries: Entry[] = [];
    try {
      for (const status of statuses) {
        for await (const items of queryPages(this.#client, {
          TableName: this.#table,
          IndexName: INDEX.byEntryStatus,
          KeyConditionExpression: 'entryStatus = :status',
          ExpressionAttributeValues: { ':status': status },
        })) {
          entries.push(...items.map(entryFromItem));
        }
      }
    } catch (error) {
      throw entryStoreError(`listing ${statuses.join('/')} entries`, error);
    }
    return entries.sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : 0));
  }

  async saveTransition(step: EntryTransition): Promise<boolean> {
    const { entry, history, expectedVersion } = step;
    try {
      await this.#client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.#table,
                Item: entryToItem(entry),
                ...(expectedVersion === undefined
                  ? { ConditionExpression: 'attribute_not_exists(pk)' }
                  : {
                      ConditionExpression: '#version = :expected',
                      ExpressionAttributeNames: { '#version': 'version' },
                      ExpressionAttributeValues: { ':expected': expectedVersion },
                    }),
              },
            },
            {
              Put: {
                TableName: this.#table,
                Item: {
                  pk: entryPk(entry.target),
                  sk: historySk(entry.version),
                  type: 'history',
                  ...history,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
      if (reasons.some((reason) => reason.Code === 'ConditionalCheckFailed')) return false;
      throw entryStoreError(`saving ${entry.target} ${history.from} -> ${history.to}`, error);
    }
  }

  async getHistory(target: string): Promise<HistoryRecord[]> {
    const history: HistoryRecord[] = [];
    try {
      for await (const items of queryPages(this.#client, {
        TableName: this.#table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :history)',
        ExpressionAttributeValues: { ':pk': entryPk(target), ':history': 'HISTORY#' },
      })) {
        for (const item of items) {
          history.push({
            target: String(item.target),
            at: Number(item.at),
            from: item.from as HistoryRecord['from'],
            to: item.to as HistoryRecord['to'],
            by: String(item.by),
            reason: String(item.reason),
          });
        }
      }
    } catch (error) {
      throw entryStoreError(`reading the history of ${target}`, error);
    }
    return history;
  }

  async readNote(name: string): Promise<string | undefined> {
    try {
      const { Item } = await this.#client.send(
        new GetCommand({ TableName: this.#table, Key: noteKey(name), ConsistentRead: true }),
      );
      return Item === undefined ? undefined : String(Item.value);
    } catch (error) {
      throw entryStoreError(`reading note ${name}`, error);
    }
  }

  async writeNote(name: string, value: string): Promise<void> {
    try {
      await this.#client.send(
        new PutCommand({ TableName: this.#table, Item: { ...noteKey(name), type: 'note', value } }),
      );
    } catch (error) {
      throw entryStoreError(`writing note ${name}`, error);
    }
  }

  async listManagedTargets(): Promise<Set<string>> {
    const targets = new Set<string>();
    try {
      for await (const items of queryPages(this.#client, {
        TableName: this.#table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': MANAGED_PK },
        ConsistentRead: true,
      })) {
        for (const item of items) targets.add(String(item.sk));
      }
    } catch (error) {
      throw entryStoreError('reading the managed targets', error);
    }
    return targets;
  }

  recordManagedTargets(targets: string[]): Promise<void> {
    return this.#writeManaged(targets, (target) => ({
      PutRequest: { Item: { pk: MANAGED_PK, sk: target, type: 'managed-target' } },
    }));
  }

  forgetManagedTargets(targets: string[]): Promise<void> {
    return this.#writeManaged(targets, (target) => ({
      DeleteRequest: { Key: { pk: MANAGED_PK, sk: target } },
    }));
  }

  /** BatchWriteItem in requests of 25, retrying unprocessed items. */
  async #writeManaged(
    targets: string[],
    request: (target: string) => Record<string, unknown>,
  ): Promise<void> {
    const unique = [...new Set(targets)];
    try {
      for (let start = 0; start < unique.length; start += 25) {
        let requests = unique.slice(start, start + 25).map(request);
        for (let attempt = 1; requests.length > 0; attempt++) {
          const response = await this.#client.send(
            new BatchWriteCommand({ RequestItems: { [this.#table]: requests } }),
          );
          requests = (response.UnprocessedItems?.[this.#table] ?? []) as Record<string, unknown>[];
          if (requests.length > 0 && attempt >= 10)
            throw new Error(`${requests.length} item(s) stayed unprocessed`);
        }
      }
    } catch (error) {
      throw entryStoreError('writing the managed targets', error);
    }
  }
}

function entryToItem(entry: Entry): Item {
  return { pk: entryPk(entry.target), sk: ENTRY_SK, type: 'entry', entryStatus: entry.status, ...entry };
}

function entryFromItem(item: Item): Entry {
  const { pk: _pk, sk: _sk, type: _type, entryStatus: _entryStatus, ...fields } = item;
  return { ...(fields as unknown as Entry), covers: [...((fields.covers as string[] | undefined) ?? [])] };
}

function entryStoreError(action: string, error: unknown): InventoryStoreError {
  const name = (error as { name?: string }).name ?? 'Error';
  return new InventoryStoreError(`${action} failed: ${name}: ${(error as Error).message}`, { cause: error });
}
