// EntryStore in memory: the twin of the DynamoDB entry store for use-case tests (never imported by production code).
import type { EntryStore } from '../../app/ports/entry-store.ts';
import type { Entry, EntryStatus, EntryTransition, HistoryRecord } from '../../domain/lifecycle.ts';

export class MemoryEntryStore implements EntryStore {
  readonly #entries = new Map<string, Entry>();
  readonly #history = new Map<string, HistoryRecord[]>();
  readonly #notes = new Map<string, string>();
  readonly #managed = new Set<string>();

  async getEntries(targets: string[]): Promise<Map<string, Entry>> {
    const found = new Map<string, Entry>();
    for (const target of targets) {
      const entry = this.#entries.get(target);
      if (entry !== undefined) found.set(target, structuredClone(entry));
    }
    return found;
  }

  async listEntries(statuses: readonly EntryStatus[]): Promise<Entry[]> {
    return [...this.#entries.values()]
      .filter((entry) => statuses.includes(entry.status))
      .sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : 0))
      .map((entry) => structuredClone(entry));
  }

  async saveTransition({ entry, expectedVersion, history }: EntryTransition): Promise<boolean> {
    const stored = this.#entries.get(entry.target);
    if (expectedVersion === undefined ? stored !== undefined : stored?.version !== expectedVersion)
      return false;
    this.#entries.set(entry.target, structuredClone(entry));
    this.#history.set(entry.target, [...(this.#history.get(entry.target) ?? []), { ...history }]);
    return true;
  }

  async getHistory(target: string): Promise<HistoryRecord[]> {
    return structuredClone(this.#history.get(target) ?? []);
  }

  async readNote(name: string): Promise<string | undefined> {
    return this.#notes.get(name);
  }

  async writeNote(name: string, value: string): Promise<void> {
    this.#notes.set(name, value);
  }

  async listManagedTargets(): Promise<Set<string>> {
    return new Set(this.#managed);
  }

  async recordManagedTargets(targets: string[]): Promise<void> {
    for (const target of targets) this.#managed.add(target);
  }

  async forgetManagedTargets(targets: string[]): Promise<void> {
    for (const target of targets) this.#managed.delete(target);
  }
}
