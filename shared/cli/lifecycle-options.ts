// The lifecycle commands' shared wiring: options (--data-dir, --now, --dry-run, --json) and deps on the local stack.
import { DEFAULT_DATA_DIR, DEFAULT_PORT, type LocalStack } from '../adapters/local/local-stack.ts';
import {
  DEFAULT_APPROVAL_LINK_HOURS,
  DEFAULT_EXPIRE_AFTER_DAYS,
  type LifecycleDeps,
} from '../app/lifecycle/lifecycle-deps.ts';
import { DEFAULT_POLICY } from '../domain/recommendation.ts';
import { UsageError } from './cli-io.ts';

export const LIFECYCLE_OPTIONS = {
  'data-dir': { type: 'string', default: DEFAULT_DATA_DIR },
  now: { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
} as const;

export const LIFECYCLE_OPTIONS_HELP = `  --data-dir DIR  the local data directory (default ${DEFAULT_DATA_DIR}/)
  --now ISO       run as if it were this time (e.g. 2026-12-24T00:00:00Z), to try expiry ahead
  --dry-run       show what would change and change nothing
  --json          print the result as JSON`;

/** The clock of a run: now, or the instant `--now` names. */
export function clockFrom(now: string | undefined): () => number {
  if (now === undefined) return Date.now;
  const instant = Date.parse(now);
  if (!/^\d{4}-\d\d-\d\dT/.test(now) || Number.isNaN(instant)) {
    throw new UsageError(
      `--now must be an ISO-8601 time such as 2026-12-24T00:00:00Z, got ${JSON.stringify(now)}`,
    );
  }
  return () => instant;
}

/** Lifecycle deps on the local stack; approval links point at the running `serve`, else at its default port. */
export function localLifecycleDeps(stack: LocalStack, now: () => number): LifecycleDeps {
  return {
    inventory: stack.inventory,
    entries: stack.entries,
    ruleGroup: stack.ruleGroup,
    notifier: stack.notifier,
    now,
    settings: {
      policy: DEFAULT_POLICY,
      approvalSecret: stack.approvalSecret,
      approvalBaseUrl: stack.endpoints.apiUrl ?? `http://127.0.0.1:${DEFAULT_PORT}`,
      approvalLinkHours: DEFAULT_APPROVAL_LINK_HOURS,
      expireAfterDays: DEFAULT_EXPIRE_AFTER_DAYS,
    },
  };
}
