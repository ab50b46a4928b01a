// The inventory as its readers see it: a hostname's totals, its status, and its firewall × zone rows.
import type { HostnameKind } from './hostname.ts';
import type { Usage } from './usage.ts';

/**
 * Where a hostname stands in the allowlist lifecycle:
 * `observed -> candidate -> pending -> approved -> promoted -> expired`, with `rejected` and `snoozed`.
 */
export type HostnameStatus =
  | 'observed'
  | 'candidate'
  | 'pending'
  | 'approved'
  | 'promoted'
  | 'expired'
  | 'rejected'
  | 'snoozed';

export const HOSTNAME_STATUSES: readonly HostnameStatus[] = [
  'observed',
  'candidate',
  'pending',
  'approved',
  'promoted',
  'expired',
  'rejected',
  'snoozed',
];

/** One hostname as seen by one firewall in one availability zone. */
export interface LocationRecord {
  firewall: string;
  availabilityZone: string;
  usage: Usage;
}

/** One hostname across every firewall and zone. */
export interface HostnameRecord {
  hostname: string;
  kind: HostnameKind;
  status: HostnameStatus;
  /** Sorted, distinct. */
  firewalls: string[];
  availabilityZones: string[];
  usage: Usage;
}

export interface HostnameDetail extends HostnameRecord {
  /** Sorted by firewall, then zone. */
  locations: LocationRecord[];
}
