// The ingest function's settings, validated once per cold start.
import { DEFAULT_MAX_DECOMPRESSED_BYTES } from '../domain/subscription-payload.ts';
import { type Environment, optionalInteger, optionalUrl, requiredString } from './env.ts';

export interface IngestConfig {
  tableName: string;
  /** Set only to point at DynamoDB Local; unset on AWS. */
  dynamoDbEndpoint: string | undefined;
  maxDecompressedBytes: number;
}

export function loadIngestConfig(env: Environment): IngestConfig {
  return {
    tableName: requiredString(env, 'TABLE_NAME'),
    dynamoDbEndpoint: optionalUrl(env, 'DYNAMODB_ENDPOINT'),
    maxDecompressedBytes: optionalInteger(env, 'MAX_DECOMPRESSED_BYTES', DEFAULT_MAX_DECOMPRESSED_BYTES, {
      min: 1024 * 1024,
      max: 1024 * 1024 * 1024,
    }),
  };
}
