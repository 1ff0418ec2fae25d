/**
 * A bounded cache keyed by the raw values of a few record fields, for the
 * parts of an event that depend only on values that repeat (the engine's
 * memoised objects, the writer's pre-encoded fragments). One Map level per
 * field, so that no key string is built per record. When full it starts again
 * empty: the values that repeat come back at once.
 */

/** The values of the fields the mapping reads, by field index. */
export type SourceValues = readonly unknown[];

/** What `get` returns when nothing is stored for these values. */
export const MISS: unique symbol = Symbol("miss");
/** What `get` returns for values other than strings, numbers, absent and null (never cached). */
export const NOT_MEMOISABLE: unique symbol = Symbol("not memoisable");

/** A field's value as a memo key: strings and numbers as they are, absent and null alike. */
function memoValue(values: SourceValues, index: number): unknown {
  const value = values[index];
  if (typeof value === "string" || typeof value === "number") return value;
  return value === undefined || value === null ? undefined : NOT_MEMOISABLE;
}

/** Entries of type `T`, keyed by the values at some indexes of a values array. */
export class Memo<T> {
  private root = new Map<unknown, unknown>();
  private size = 0;

  /** @param capacity entries held before starting again empty. */
  constructor(private readonly capacity: number) {}

  /**
   * The entry for these values.
   * @param values the record's values, by field index
   * @param sources the indexes (in `values`) that make the key, in a fixed order
   */
  get(values: SourceValues, sources: readonly number[]): T | typeof MISS | typeof NOT_MEMOISABLE {
    // memoValue inlined: this runs for every memoised object of every record.
    let level: Map<unknown, unknown> | undefined = this.root;
    const count = sources.length;
    if (count === 0) return (level.get(undefined) as T | undefined) ?? MISS;
    for (let i = 0; i < count; i++) {
      let value = values[sources[i]];
      if (typeof value !== "string" && typeof value !== "number") {
        if (value !== undefined && value !== null) return NOT_MEMOISABLE;
        value = undefined;
      }
      const next: unknown = level.get(value);
      if (next === undefined) return MISS;
      if (i === count - 1) return next as T;
      level = next as Map<unknown, unknown>;
    }
    return MISS;
  }

  /**
   * Stores `entry` (never undefined) for these values (which `get` found memoisable).
   * @param values the record's values, by field index
   * @param sources the indexes that make the key, as given to `get`
   * @param entry what to store
   */
  set(values: SourceValues, sources: readonly number[], entry: T): void {
    if (this.size >= this.capacity) {
      this.root = new Map();
      this.size = 0;
    }
    this.size++;
    let level = this.root;
    const last = sources.length - 1;
    for (let i = 0; i < last; i++) {
      const value = memoValue(values, sources[i]);
      let next = level.get(value) as Map<unknown, unknown> | undefined;
      if (next === undefined) {
        next = new Map();
        level.set(value, next);
      }
      level = next;
    }
    level.set(last < 0 ? undefined : memoValue(values, sources[last]), entry);
  }
}
