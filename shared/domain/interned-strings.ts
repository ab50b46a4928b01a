// Strings read out of a payload's bytes, each distinct value made once: a batch repeats its hostnames, sources and zones.
import type { Buffer } from 'node:buffer';

/**
 * The Latin-1 strings of byte ranges of one payload, made once per distinct content and handed out
 * again for every later range with the same bytes. The same string object, so the maps keyed by it
 * (the batch's memo, the aggregator's tallies) find its hash already computed, and the batch's
 * thousands of records allocate no string for a value they share. Found by a hash of the bytes and
 * confirmed by comparing them with the first range that made the string (the payload outlives the
 * table: both are the batch's).
 *
 * @example
 * const strings = new InternedStrings(payload);
 * strings.at(10, 24) === strings.at(310, 324); // true when both ranges hold the same bytes
 */
export class InternedStrings {
  readonly #payload: Buffer;
  readonly #words: DataView;
  /** Open addressing: slot -> entry + 1 (0 free); kept at most half full. */
  #slots = new Int32Array(1024);
  #hashes = new Int32Array(512);
  #starts = new Int32Array(512);
  #ends = new Int32Array(512);
  #values: string[] = [];

  constructor(payload: Buffer) {
    this.#payload = payload;
    this.#words = new DataView(payload.buffer, payload.byteOffset, payload.length);
  }

  /** How many distinct strings were made. */
  get size(): number {
    return this.#values.length;
  }

  /** The Latin-1 string of `payload[start..end)`, made anew and not kept (for values that never repeat). */
  fresh(start: number, end: number): string {
    return this.#payload.toString('latin1', start, end);
  }

  /** The Latin-1 string of `payload[start..end)`. */
  at(start: number, end: number): string {
    const words = this.#words;
    const payload = this.#payload;
    // FNV-style over 32-bit words, then the last bytes one by one.
    let hash = end - start;
    let i = start;
    for (; i + 4 <= end; i += 4) hash = Math.imul(hash ^ words.getInt32(i, true), 0x01000193);
    for (; i < end; i++) hash = Math.imul(hash ^ (payload[i] as number), 0x01000193);
    hash ^= hash >>> 15;
    const slots = this.#slots;
    const mask = slots.length - 1;
    let slot = hash & mask;
    for (;;) {
      const entry = (slots[slot] as number) - 1;
      if (entry < 0) break;
      if (this.#hashes[entry] === hash && this.#sameBytes(entry, start, end))
        return this.#values[entry] as string;
      slot = (slot + 1) & mask;
    }
    const value = payload.toString('latin1', start, end);
    const entry = this.#values.length;
    if (entry === this.#hashes.length) this.#growEntries();
    this.#hashes[entry] = hash;
    this.#starts[entry] = start;
    this.#ends[entry] = end;
    this.#values.push(value);
    slots[slot] = entry + 1;
    if (2 * (entry + 1) > slots.length) this.#growSlots();
    return value;
  }

  #sameBytes(entry: number, start: number, end: number): boolean {
    const from = this.#starts[entry] as number;
    if ((this.#ends[entry] as number) - from !== end - start) return false;
    const words = this.#words;
    const payload = this.#payload;
    let j = 0;
    const size = end - start;
    for (; j + 4 <= size; j += 4)
      if (words.getInt32(start + j, true) !== words.getInt32(from + j, true)) return false;
    for (; j < size; j++) if (payload[start + j] !== payload[from + j]) return false;
    return true;
  }

  #growEntries(): void {
    const grow = (from: Int32Array) => {
      const to = new Int32Array(from.length * 2);
      to.set(from);
      return to;
    };
    this.#hashes = grow(this.#hashes);
    this.#starts = grow(this.#starts);
    this.#ends = grow(this.#ends);
  }

  #growSlots(): void {
    const slots = new Int32Array(this.#slots.length * 2);
    const mask = slots.length - 1;
    for (let entry = 0; entry < this.#values.length; entry++) {
      let slot = (this.#hashes[entry] as number) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = entry + 1;
    }
    this.#slots = slots;
  }
}
