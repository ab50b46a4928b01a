// Use case: the scheduled promote job — ask about new candidates, add approved entries, report drift.
import type { LifecycleDeps } from './lifecycle-deps.ts';
import { type PromoteResult, promoteApproved } from './promote-approved.ts';
import { type RequestApprovalsResult, requestApprovals } from './request-approvals.ts';

export type PromoteRun = RequestApprovalsResult & PromoteResult;

/**
 * One promote run: new candidates become pending (one digest) or approved by policy, then every
 * approved entry — including those just approved by policy — goes into the rule group in one update.
 * A dry run shows what would change and changes nothing (no write, no update, no notification).
 */
export async function runPromote(
  deps: LifecycleDeps,
  options: { dryRun?: boolean } = {},
): Promise<PromoteRun> {
  const requested = await requestApprovals(deps, options);
  const promoted = await promoteApproved(deps, options);
  return { ...requested, ...promoted };
}
