/**
 * Logpush batching: lines are gathered into one upload until the first of the
 * job's `max_upload_*` limits is reached. A limit of 0 (or unset) is off.
 *
 * - records: the batch is closed as soon as it holds `maxRecords` lines;
 * - bytes (uncompressed, newlines included): a line that would take the batch
 *   past `maxBytes` starts the next batch instead (a single line larger than
 *   the limit travels alone);
 * - interval: measured in event time (the records' Datetime), since the
 *   emulator replays hours of traffic in seconds: an event more than
 *   `intervalSeconds` after the batch's first event starts the next batch.
 */

/** The job's limits, as in the LogpushJob (`maxUpload*`). */
export interface BatchLimits {
  maxUploadRecords?: number;
  maxUploadBytes?: number;
  maxUploadIntervalSeconds?: number;
}

/** One closed batch: its NDJSON lines, in order. */
export interface Batch {
  /** 1-based, in the order batches were closed. */
  index: number;
  lines: string[];
  /** Uncompressed size of the body: every line plus its newline. */
  bytes: number;
}

/** Gathers lines into batches; `add` and `flush` return the batches they close. */
export class Batcher {
  private lines: string[] = [];
  private bytes = 0;
  private firstEventNanos: bigint | undefined;
  private closed = 0;
  private readonly maxRecords: number;
  private readonly maxBytes: number;
  private readonly intervalNanos: bigint;

  constructor(limits: BatchLimits) {
    this.maxRecords = limits.maxUploadRecords ?? 0;
    this.maxBytes = limits.maxUploadBytes ?? 0;
    this.intervalNanos = BigInt(limits.maxUploadIntervalSeconds ?? 0) * 1_000_000_000n;
  }

  /** Adds one line (without its newline); `eventNanos` is its Datetime, when known. */
  add(line: string, eventNanos?: bigint): Batch[] {
    const out: Batch[] = [];
    const size = Buffer.byteLength(line, "utf8") + 1;
    if (this.lines.length > 0) {
      const late =
        this.intervalNanos > 0n &&
        eventNanos !== undefined &&
        this.firstEventNanos !== undefined &&
        eventNanos - this.firstEventNanos >= this.intervalNanos;
      const overflows = this.maxBytes > 0 && this.bytes + size > this.maxBytes;
      if (late || overflows) out.push(this.close());
    }
    if (this.lines.length === 0) this.firstEventNanos = eventNanos;
    this.lines.push(line);
    this.bytes += size;
    if (
      (this.maxRecords > 0 && this.lines.length >= this.maxRecords) ||
      (this.maxBytes > 0 && this.bytes >= this.maxBytes)
    )
      out.push(this.close());
    return out;
  }

  /** Closes the open batch, if any (the end of the input). */
  flush(): Batch[] {
    return this.lines.length > 0 ? [this.close()] : [];
  }

  private close(): Batch {
    const batch = { index: ++this.closed, lines: this.lines, bytes: this.bytes };
    this.lines = [];
    this.bytes = 0;
    this.firstEventNanos = undefined;
    return batch;
  }
}

/** The NDJSON body of a batch: one line per record, each ended by a newline. */
export function batchBody(batch: Batch): string {
  return batch.lines.join("\n") + "\n";
}
