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

/** The IDs of one request: `base` (16 random bytes) made a version 4 UUID, its last 32 bits XOR the index. */
export function eventIds(base: Buffer): (index: number) => string {
  const b = Buffer.from(base);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString("hex");
  const prefix = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 24)}`;
  const last = b.readUInt32BE(12);
  // Only the last 8 hex digits change: one string per ID, no buffer.
  return (index) => prefix + ((last ^ index) >>> 0).toString(16).padStart(8, "0");
}

/**
 * Answers 200 with `count` fresh event IDs, honouring back-pressure.
 *
 * @param res the response
 * @param count how many events were accepted
 */
export async function writeEventIds(res: http.ServerResponse, count: number): Promise<void> {
  const idOf = eventIds(randomBytes(16));
  res.writeHead(200, { "Content-Type": "application/json", "Content-Length": eventIdsLength(count) });
  for (let from = 0; from < count || from === 0; from += IDS_PER_CHUNK) {
    const to = Math.min(count, from + IDS_PER_CHUNK);
    const ids: string[] = [];
    for (let i = from; i < to; i++) ids.push(`"${idOf(i)}"`);
    const text = (from === 0 ? HEAD : ",") + ids.join(",") + (to === count ? TAIL : "");
    if (res.destroyed) return;
    if (!res.write(text))
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off("drain", done);
          res.off("close", done);
          resolve();
        };
        res.on("drain", done);
        res.on("close", done);
      });
    if (count === 0) break;
  }
  res.end();
}
