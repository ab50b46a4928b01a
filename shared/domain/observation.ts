// What one firewall log record tells the inventory: a hostname reached from somewhere, at some time.
import type { HostnameKind } from './hostname.ts';

/** How the hostname was seen: TLS SNI, or the HTTP Host header. */
export type Protocol = 'tls' | 'http';
export const PROTOCOLS: readonly Protocol[] = ['tls', 'http'];

/** The firewall's decision; `unknown` when the record carries none (TLS-log and plain `tls`/`http` events). */
export type Action = 'allowed' | 'blocked' | 'unknown';

export interface Observation {
  hostname: string;
  kind: HostnameKind;
  firewall: string;
  availabilityZone: string;
  protocol: Protocol;
  action: Action;
  /** Canonical source IP, when the record has a valid one. */
  source: string | undefined;
  /** Epoch milliseconds of the event. */
  time: number;
  /**
   * Suricata's `flow_id` (a positive integer below 2^53, so exact), when the record has one: records of
   * one connection that name the same hostname are one observation (see BatchAggregator).
   */
  flowId?: number | undefined;
}

/** The stronger of two decisions about one connection: blocked, then allowed, then unknown. */
export function strongerAction(a: Action, b: Action): Action {
  if (a === 'blocked' || b === 'blocked') return 'blocked';
  if (a === 'allowed' || b === 'allowed') return 'allowed';
  return 'unknown';
}
