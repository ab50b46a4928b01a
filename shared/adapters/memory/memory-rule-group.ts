// AllowlistRuleGroup in memory: the twin of the Network Firewall adapter for use-case tests (never imported by production code).
import type { AllowlistRuleGroup, RuleGroupSnapshot } from '../../app/ports/allowlist-rule-group.ts';
import { RuleGroupConflictError, RuleGroupError, RuleGroupRejectedError } from '../../domain/errors.ts';
import { domainListCapacity } from '../../domain/rule-group-capacity.ts';

export interface MemoryRuleGroupOptions {
  ruleGroupName?: string;
  targets?: string[];
  targetTypes?: RuleGroupSnapshot['targetTypes'];
  generatedRulesType?: RuleGroupSnapshot['generatedRulesType'];
  /** Fixed, as on the service; an update needing more is refused. */
  capacity?: number;
}

/**
 * A domain-list rule group with the service's token and capacity rules: every change issues a new
 * token, a stale token is a RuleGroupConflictError, an update over capacity a RuleGroupRejectedError,
 * and a refused update changes nothing. Counts calls so tests can see retries.
 *
 * @example
 * const group = new MemoryRuleGroup({ targets: ['api.example.com'], capacity: 100 });
 * group.conflictOnce(['api.example.com', 'added.by.someone.else']);
 */
export class MemoryRuleGroup implements AllowlistRuleGroup {
  readonly ruleGroupName: string;
  readonly ruleGroupArn: string;
  readonly capacity: number;
  #targets: string[];
  readonly #targetTypes: RuleGroupSnapshot['targetTypes'];
  readonly #generatedRulesType: RuleGroupSnapshot['generatedRulesType'];
  #version = 1;
  #describeCalls = 0;
  #updateCalls = 0;
  #pendingConflicts: string[][] = [];

  constructor(options: MemoryRuleGroupOptions = {}) {
    this.ruleGroupName = options.ruleGroupName ?? 'egress-scout-allowlist';
    this.ruleGroupArn = `arn:aws:network-firewall:us-east-1:123456789012:stateful-rulegroup/${this.ruleGroupName}`;
    this.capacity = options.capacity ?? 1000;
    this.#targets = [...(options.targets ?? [])];
    this.#targetTypes = [...(options.targetTypes ?? ['TLS_SNI', 'HTTP_HOST'])];
    this.#generatedRulesType = options.generatedRulesType ?? 'ALLOWLIST';
  }

  /** The targets as the group holds them now. */
  get targets(): string[] {
    return [...this.#targets];
  }

  get updateToken(): string {
    return `token-${this.#version}`;
  }

  get describeCalls(): number {
    return this.#describeCalls;
  }

  get updateCalls(): number {
    return this.#updateCalls;
  }

  /**
   * Makes the next `replaceTargets` lose a race: someone else sets the targets to `concurrentTargets`
   * (default: unchanged) just before it, so it fails with a conflict and the group moves to a new token.
   */
  conflictOnce(concurrentTargets?: string[]): void {
    this.#pendingConflicts.push([...(concurrentTargets ?? this.#targets)]);
  }

  /** A change made outside egress-scout (console, another tool): new targets, new token. */
  changeOutOfBand(targets: string[]): void {
    this.#targets = [...targets];
    this.#version++;
  }

  async describe(): Promise<RuleGroupSnapshot> {
    this.#describeCalls++;
    return {
      ruleGroupArn: this.ruleGroupArn,
      ruleGroupName: this.ruleGroupName,
      targets: [...this.#targets],
      targetTypes: [...this.#targetTypes],
      generatedRulesType: this.#generatedRulesType,
      capacity: this.capacity,
      consumedCapacity: this.#required(this.#targets.length),
      updateToken: this.updateToken,
    };
  }

  async replaceTargets(snapshot: RuleGroupSnapshot, targets: string[]): Promise<string> {
    this.#updateCalls++;
    const concurrent = this.#pendingConflicts.shift();
    if (concurrent !== undefined) this.changeOutOfBand(concurrent);
    if (snapshot.ruleGroupArn !== this.ruleGroupArn) {
      throw new RuleGroupError(
        `snapshot of ${snapshot.ruleGroupArn} cannot update ${this.ruleGroupArn}: describe this group first`,
      );
    }
    if (snapshot.updateToken !== this.updateToken) {
      throw new RuleGroupConflictError(
        `rule group ${this.ruleGroupArn}: update token ${snapshot.updateToken} is stale (now ${this.updateToken})`,
      );
    }
    const required = this.#required(targets.length);
    if (required > this.capacity) {
      throw new RuleGroupRejectedError(
        `rule group ${this.ruleGroupArn}: ${targets.length} targets need capacity ${required}, the group has ${this.capacity}`,
      );
    }
    this.changeOutOfBand(targets);
    return this.updateToken;
  }

  #required(targetCount: number): number {
    return domainListCapacity({
      targetCount,
      targetTypeCount: this.#targetTypes.length,
      generatedRulesType: this.#generatedRulesType,
    });
  }
}
