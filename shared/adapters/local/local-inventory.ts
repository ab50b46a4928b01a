// Opens the inventory kept in a local data directory: the running stack's engine if there is one, else its own.
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createDocumentClient, createDynamoClient } from '../dynamodb/document-client.ts';
import { DynamoInventoryStore } from '../dynamodb/dynamo-inventory-store.ts';
import { ensureInventoryTable } from '../dynamodb/ensure-table.ts';
import { answers, startDynamoDbLocal } from './dynamodb-local.ts';

export const LOCAL_TABLE_NAME = 'egress-scout-inventory';
export const DEFAULT_DATA_DIR = '.egress-scout';
/** Written by `egress-scout serve` while it runs, so other commands use its engine instead of a second one. */
export const STACK_FILE = 'stack.json';

export interface RunningStack {
  pid: number;
  dynamoDbEndpoint: string;
  [other: string]: unknown;
}

export interface LocalInventory {
  store: DynamoInventoryStore;
  endpoint: string;
  tableName: string;
  /** True when another process (a running `serve`) owns the engine. */
  shared: boolean;
  close(): Promise<void>;
}

/**
 * The inventory in `dataDir`: DynamoDB Local persisting to `<dataDir>/dynamodb`, with the table created
 * on first use. Close it to stop an engine this call started.
 */
export async function openLocalInventory(dataDir: string): Promise<LocalInventory> {
  const directory = resolve(dataDir);
  const running = await findRunningStack(directory);
  if (running !== undefined) {
    return inventoryAt(running.dynamoDbEndpoint, true, async () => {});
  }
  const dbPath = join(directory, 'dynamodb');
  mkdirSync(dbPath, { recursive: true });
  const engine = await startDynamoDbLocal({ dbPath });
  try {
    return await inventoryAt(engine.endpoint, false, () => engine.stop());
  } catch (error) {
    await engine.stop();
    throw error;
  }
}

async function inventoryAt(
  endpoint: string,
  shared: boolean,
  close: () => Promise<void>,
): Promise<LocalInventory> {
  const client = createDynamoClient({ endpoint });
  await ensureInventoryTable(client, LOCAL_TABLE_NAME);
  client.destroy();
  const store = new DynamoInventoryStore({
    client: createDocumentClient({ endpoint }),
    tableName: LOCAL_TABLE_NAME,
  });
  return { store, endpoint, tableName: LOCAL_TABLE_NAME, shared, close };
}

/** The stack a `serve` in this data directory advertises, if its process is alive and its engine answers. */
export async function findRunningStack(directory: string): Promise<RunningStack | undefined> {
  let stack: RunningStack;
  try {
    stack = JSON.parse(readFileSync(join(directory, STACK_FILE), 'utf8')) as RunningStack;
  } catch {
    return undefined;
  }
  if (typeof stack.pid !== 'number' || typeof stack.dynamoDbEndpoint !== 'string') return undefined;
  try {
    process.kill(stack.pid, 0);
  } catch {
    return undefined;
  }
  const port = Number(new URL(stack.dynamoDbEndpoint).port);
  return (await answers(port)) ? stack : undefined;
}
