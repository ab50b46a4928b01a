// The port to the firewall's managed domain-list rule group: read it with its update token, replace its targets.

/** A consistent view of the rule group at one moment, with the token that proves it. */
export interface RuleGroupSnapshot {
  ruleGroupArn: string;
  ruleGroupName: string;
  /** The domain list's targets, as Network Firewall stores them (`api.example.com`, `.example.com`). */
  targets: string[];
  targetTypes: ('TLS_SNI' | 'HTTP_HOST')[];
  generatedRulesType: 'ALLOWLIST' | 'DENYLIST' | 'ALERTLIST' | 'REJECTLIST';
  /** Fixed when the group was created; an update that needs more is refused. */
  capacity: number;
  /** What the current rules use, when the service reports it. */
  consumedCapacity: number | undefined;
  /** Pass back to `replaceTargets`; a newer change by anyone makes it stale. */
  updateToken: string;
}

/**
 * The managed rule group. Implementations map the service's errors to RuleGroupConflictError (stale
 * token), RuleGroupNotFoundError and RuleGroupRejectedError (capacity or validation), keeping the cause.
 */
export interface AllowlistRuleGroup {
  describe(): Promise<RuleGroupSnapshot>;
  /**
   * Replaces the domain list's targets (types and rules type unchanged) if the group is still at
   * `snapshot.updateToken`. Resolves to the new update token.
   */
  replaceTargets(snapshot: RuleGroupSnapshot, targets: string[]): Promise<string>;
}
