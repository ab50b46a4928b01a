// Builds the DynamoDB document client every adapter shares, on AWS or against DynamoDB Local.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

export interface DynamoClientOptions {
  /** DynamoDB Local's URL; on AWS leave unset and the SDK resolves the regional endpoint. */
  endpoint?: string | undefined;
  region?: string | undefined;
}

/** Credentials DynamoDB Local accepts (it checks only that some are present). */
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export function createDynamoClient(options: DynamoClientOptions = {}): DynamoDBClient {
  const local = options.endpoint !== undefined;
  return new DynamoDBClient({
    ...(local ? { endpoint: options.endpoint, credentials: LOCAL_CREDENTIALS } : {}),
    region: options.region ?? process.env.AWS_REGION ?? 'us-east-1',
    maxAttempts: 5,
  });
}

export function createDocumentClient(options: DynamoClientOptions = {}): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(createDynamoClient(options), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

/**
 * Every page of a Query, one after another, following LastEvaluatedKey until there is none.
 *
 * @example
 * for await (const items of queryPages(client, { TableName, KeyConditionExpression: 'pk = :pk', … }))
 *   for (const item of items) use(item);
 */
export async function* queryPages(
  client: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
): AsyncGenerator<Record<string, unknown>[]> {
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    yield page.Items ?? [];
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
}
