// The port to allowlist entries and their history: what the lifecycle use cases read and change.
import type { Entry, EntryStatus, EntryTransition, HistoryRecord } from '../../domain/lifecycle.ts';

/**
 * Keeps entries. Every change is a transition saved atomically with its history line and only if the
 * stored entry is still at the expected version, so concurrent runs never lose or repeat a step.
 */
export interface EntryStore {
  /** The entries that exist among `targets`. */
  getEntries(targets: string[]): Promise<Map<string, Entry>>;
  /** Every entry in any of the statuses, sorted by target. */
  listEntries(statuses: readonly EntryStatus[]): Promise<Entry[]>;
  /** Saves the step; false when another writer changed (or created) the entry first. */
  saveTransition(step: EntryTransition): Promise<boolean>;
  /** The entry's history, oldest first. */
  getHistory(target: string): Promise<HistoryRecord[]>;
  /** A small named value the lifecycle keeps between runs (e.g. the drift last reported). */
  readNote(name: string): Promise<string | undefined>;
  writeNote(name: string, value: string): Promise<void>;
  /**
   * The ledger of targets egress-scout itself put into the rule group. A target is recorded before the
   * update that adds it and forgotten after the update that removes it, so whatever else sits in the
   * group (added by people or other tools) is never removed and is reported as drift.
   */
  listManagedTargets(): Promise<Set<string>>;
  recordManagedTargets(targets: string[]): Promise<void>;
  forgetManagedTargets(targets: string[]): Promise<void>;
}
