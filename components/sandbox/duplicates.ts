/**
 * Events the intake received more than once. Logpush delivers at least once:
 * a batch whose answer was lost, or came after the sender's timeout, is sent
 * again, and SEKOIA gives the second copy new event IDs and keeps both.
 *
 * An event is known by its RayID and its whole line: several firewall events
 * may share one RayID (one request matched by several rules), while a re-sent
 * event repeats its line byte for byte. Each is remembered as a 52-bit digest
 * (a number: about 30 bytes in a Set, 8 in a request's list), so memory stays
 * bounded: past MAX_TRACKED distinct events, new ones are no longer
 * remembered. Two distinct events share a digest with a chance of about
 * 1 in 10,000 over a million events: a rare duplicate too many, never one lost.
 */
import { createHash } from "node:crypto";

/** Distinct events remembered. */
export const MAX_TRACKED = 1_000_000;

/** The identity of an event: a 52-bit digest of its RayID and its line (exact as a JavaScript number). */
export function eventKey(rayId: string, line: string): number {
  const d = createHash("sha256").update(rayId).update("\n").update(line).digest();
  return d.readUIntBE(0, 6) * 16 + (d[6] >> 4);
}

/** The keys of one request's events, 8 bytes each. */
export class EventKeys {
  private keys = new Float64Array(1024);
  /** How many keys were added. */
  length = 0;

  /** Adds one event's key. */
  push(key: number): void {
    if (this.length === this.keys.length) {
      const grown = new Float64Array(this.keys.length * 2);
      grown.set(this.keys);
      this.keys = grown;
    }
    this.keys[this.length++] = key;
  }

  /** The keys, in order. */
  *[Symbol.iterator](): Iterator<number> {
    for (let i = 0; i < this.length; i++) yield this.keys[i];
  }
}

/** The events seen so far, and how many arrived again. */
export class DuplicateCounter {
  private readonly seen = new Set<number>();
  /** Events received again after a first copy was accepted. */
  duplicates = 0;
  /** True once MAX_TRACKED distinct events are remembered. */
  full = false;

  /**
   * Records the keys of one acknowledged request; returns how many were seen before.
   *
   * @param keys the eventKey of each event of the request
   */
  add(keys: Iterable<number>): number {
    let again = 0;
    for (const key of keys) {
      if (this.seen.has(key)) again++;
      else if (this.seen.size < MAX_TRACKED) this.seen.add(key);
      else this.full = true;
    }
    this.duplicates += again;
    return again;
  }
}
