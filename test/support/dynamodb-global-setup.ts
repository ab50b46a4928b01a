// Starts one in-memory DynamoDB Local for the integration run; each test file makes its own tables in it.
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../shared/adapters/local/dynamodb-local.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoDbEndpoint: string;
  }
}

export default async function setup(project: TestProject) {
  const engine = await startDynamoDbLocal();
  project.provide('dynamoDbEndpoint', engine.endpoint);
  return async () => {
    await engine.stop();
  };
}
