/**
 * Events the intake received more than once. Logpush delivers at least once:
 * a batch whose answer was lost, or came after the sender's timeout, is sent
 * again, and SEKOIA gives the second copy new event IDs and keeps both.
 *
 * An event is known by its RayID and a digest of its whole line: several
 * firewall events may share one RayID (one request matched by several
 * rules), while a re-sent event repeats its line byte for byte. Memory is
 * bounded: past MAX_TRACKED distinct events, new ones are no longer
 * remembered (the count then covers the first MAX_TRACKED).
 */
import { createHash } from "node:crypto";

/** Distinct events remembered, at about 100 bytes each. */
export const MAX_TRACKED = 2_000_000;

/** The identity of an event line with its RayID. */
export function eventKey(rayId: string, line: string): string {
  return `${rayId.slice(0, 64)} ${createHash("sha256").update(line).digest("base64").slice(0, 16)}`;
}

/** The events seen so far, and how many arrived again. */
export class DuplicateCounter {
  private readonly seen = new Set<string>();
  /** Events received again after a first copy was accepted. */
  duplicates = 0;
  /** True once MAX_TRACKED distinct events are remembered. */
  full = false;

  /**
   * Records the keys of one acknowledged request; returns how many were seen before.
   *
   * @param keys the eventKey of each event of the request
   */
  add(keys: readonly string[]): number {
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
