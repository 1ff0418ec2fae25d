/**
 * The intake's answer, `{"event_ids": [...]}`, one UUID per accepted event,
 * written as a stream: the IDs are derived from one random UUID per request
 * (its last 32 bits XOR the event's index), so a request of a million events
 * costs no more memory than one of ten.
 */
import { randomBytes } from "node:crypto";
import type * as http from "node:http";

const HEAD = '{"event_ids":[';
const TAIL = "]}";
/** A quoted UUID: 36 characters and two quotes. */
const QUOTED_ID_CHARS = 38;
/** IDs written per chunk of the answer. */
const IDS_PER_CHUNK = 4096;

/** The answer's length in bytes for `count` IDs. */
export function eventIdsLength(count: number): number {
  return HEAD.length + TAIL.length + count * QUOTED_ID_CHARS + Math.max(0, count - 1);
}

/** The `index`-th ID of a request whose base is `base` (16 random bytes): a version 4 UUID. */
export function eventId(base: Buffer, index: number): string {
  const b = Buffer.from(base);
  // 32 bits of index: far above the largest request the intake takes.
  b.writeUInt32BE((b.readUInt32BE(12) ^ index) >>> 0, 12);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * Answers 200 with `count` fresh event IDs, honouring back-pressure.
 *
 * @param res the response
 * @param count how many events were accepted
 */
export async function writeEventIds(res: http.ServerResponse, count: number): Promise<void> {
  const base = randomBytes(16);
  res.writeHead(200, { "Content-Type": "application/json", "Content-Length": eventIdsLength(count) });
  for (let from = 0; from < count || from === 0; from += IDS_PER_CHUNK) {
    const to = Math.min(count, from + IDS_PER_CHUNK);
    const ids: string[] = [];
    for (let i = from; i < to; i++) ids.push(`"${eventId(base, i)}"`);
    const text = (from === 0 ? HEAD : ",") + ids.join(",") + (to === count ? TAIL : "");
    if (res.destroyed) return;
    if (!res.write(text))
      await new Promise<void>((resolve) => {
        res.once("drain", resolve);
        res.once("close", resolve);
      });
    if (count === 0) break;
  }
  res.end();
}
