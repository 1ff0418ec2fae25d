/**
 * A small bounded cache for values that repeat (hosts, user agents, actions).
 *
 * Two generations instead of a strict LRU: a hit costs one Map lookup (an LRU
 * pays a delete and a re-insert per hit), and when the young generation is full
 * it becomes the old one, so memory stays within twice the capacity while
 * values still in use survive by being promoted.
 */
export class BoundedCache<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();

  /** @param capacity entries per generation; at most twice this many are held. */
  constructor(readonly capacity: number) {}

  /** The cached value; undefined when absent. */
  get(key: K): V | undefined {
    const value = this.young.get(key);
    if (value !== undefined) return value;
    const aged = this.old.get(key);
    if (aged !== undefined) this.set(key, aged);
    return aged;
  }

  /** Stores `value`, dropping the old generation when the young one is full. */
  set(key: K, value: V): void {
    if (this.young.size >= this.capacity) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }

  /** The cached value, or `compute(key)` stored and returned. */
  getOrCompute(key: K, compute: (key: K) => V): V {
    const hit = this.get(key);
    if (hit !== undefined) return hit;
    const value = compute(key);
    this.set(key, value);
    return value;
  }

  /** How many entries are held (both generations; a promoted entry may count twice). */
  get size(): number {
    return this.young.size + this.old.size;
  }
}
