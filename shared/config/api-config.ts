// The API function's settings, validated once per cold start.
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from '../app/query-inventory.ts';
import { DEFAULT_CSV_MAX_BYTES } from '../http/inventory-routes.ts';
import { type Environment, optionalInteger, optionalUrl, requiredString } from './env.ts';

export interface ApiConfig {
  tableName: string;
  /** Set only to point at DynamoDB Local; unset on AWS. */
  dynamoDbEndpoint: string | undefined;
  limits: QueryLimits;
  csvMaxBytes: number;
}

/**
 * Reads TABLE_NAME, DYNAMODB_ENDPOINT, API_PAGE_READ_LIMIT (hostnames one page may walk past),
 * API_EXPORT_READ_LIMIT (the same for a whole CSV export) and API_CSV_MAX_BYTES (kept under the 6 MB
 * a Lambda response may hold); a ConfigError names any that is missing or wrong.
 */
export function loadApiConfig(env: Environment): ApiConfig {
  return {
    tableName: requiredString(env, 'TABLE_NAME'),
    dynamoDbEndpoint: optionalUrl(env, 'DYNAMODB_ENDPOINT'),
    limits: {
      pageReadLimit: optionalInteger(env, 'API_PAGE_READ_LIMIT', DEFAULT_QUERY_LIMITS.pageReadLimit, {
        min: 500,
        max: 1_000_000,
      }),
      exportReadLimit: optionalInteger(env, 'API_EXPORT_READ_LIMIT', DEFAULT_QUERY_LIMITS.exportReadLimit, {
        min: 500,
        max: 10_000_000,
      }),
    },
    csvMaxBytes: optionalInteger(env, 'API_CSV_MAX_BYTES', DEFAULT_CSV_MAX_BYTES, {
      min: 64 * 1024,
      max: 5 * 1024 * 1024,
    }),
  };
}
