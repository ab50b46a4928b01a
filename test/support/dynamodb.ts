// Gives an integration test a fresh inventory table in the run's DynamoDB Local.
import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { createDocumentClient, createDynamoClient } from '../../shared/adapters/dynamodb/document-client.ts';
import {
  DynamoInventoryStore,
  type DynamoInventoryStoreOptions,
} from '../../shared/adapters/dynamodb/dynamo-inventory-store.ts';
import { ensureInventoryTable } from '../../shared/adapters/dynamodb/ensure-table.ts';

export interface TestTable {
  endpoint: string;
  tableName: string;
  store: DynamoInventoryStore;
  documentClient: ReturnType<typeof createDocumentClient>;
}

export async function createTestTable(
  options: Partial<DynamoInventoryStoreOptions> = {},
): Promise<TestTable> {
  const endpoint = inject('dynamoDbEndpoint');
  const tableName = `inventory-${randomUUID()}`;
  const client = createDynamoClient({ endpoint });
  await ensureInventoryTable(client, tableName);
  client.destroy();
  const documentClient = options.client ?? createDocumentClient({ endpoint });
  const store = new DynamoInventoryStore({ ...options, client: documentClient, tableName });
  return { endpoint, tableName, store, documentClient };
}

/**
 * Makes every Scan through `client` fail and be recorded: no request path may read a whole table.
 * The failure surfaces as a 500 in the request that scanned; the record lets a suite assert none did.
 */
export function forbidScans(client: DynamoDBDocumentClient, scans: string[]): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'ScanCommand') {
        scans.push(JSON.stringify(args.input));
        throw new Error('Scan is forbidden on a request path');
      }
      return next(args);
    },
    { step: 'initialize', name: 'forbid-scans' },
  );
}
