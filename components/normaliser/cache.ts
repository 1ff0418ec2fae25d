/**
 * A small bounded least-recently-used cache.
 *
 * Hosts and user agents repeat a lot in firewall events, and parsing them
 * (Public Suffix List lookup, hundreds of uap-core regexes) costs far more than
 * a Map lookup; the bound keeps memory flat on endless streams of new values.
 */
export class LruCache<K, V> {
  private readonly map = new Map<K, V>();

  /** @param capacity the most entries kept; the least recently used goes first. */
  constructor(readonly capacity: number) {}

  /** The cached value, marked as just used; undefined when absent. */
  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      // Re-insert so that Map's insertion order is the recency order.
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }

  /** Stores `value`, evicting the least recently used entry when full. */
  set(key: K, value: V): void {
    if (this.map.has(key)) this.map.delete(key);
    else if (this.map.size >= this.capacity) this.map.delete(this.map.keys().next().value as K);
    this.map.set(key, value);
  }

  /** The cached value, or `compute(key)` stored and returned. */
  getOrCompute(key: K, compute: (key: K) => V): V {
    const hit = this.get(key);
    if (hit !== undefined) return hit;
    const value = compute(key);
    this.set(key, value);
    return value;
  }

  /** How many entries are held. */
  get size(): number {
    return this.map.size;
  }
}
