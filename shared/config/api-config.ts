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
  /** How long the inventory reuses a description of the rule group for its coverage (0: never). */
  coverageMaxAgeMs: number;
}

/** How stale the inventory's "covered by" may be after a change to the rule group, by default. */
export const DEFAULT_COVERAGE_MAX_AGE_SECONDS = 15;

/**
 * Reads TABLE_NAME, DYNAMODB_ENDPOINT, API_PAGE_READ_LIMIT (hostnames one page may walk past),
 * API_EXPORT_READ_LIMIT (the same for a whole CSV export), API_CSV_MAX_BYTES (kept under the 6 MB
 * a Lambda response may hold) and API_COVERAGE_MAX_AGE_SECONDS (how long the inventory reuses one
 * DescribeRuleGroup); a ConfigError names any that is missing or wrong.
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
    coverageMaxAgeMs:
      1000 *
      optionalInteger(env, 'API_COVERAGE_MAX_AGE_SECONDS', DEFAULT_COVERAGE_MAX_AGE_SECONDS, {
        min: 0,
        max: 300,
      }),
  };
}
