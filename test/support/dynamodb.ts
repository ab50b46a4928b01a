// Gives an integration test a fresh inventory table in the run's DynamoDB Local.
import { randomUUID } from 'node:crypto';
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
