/**
 * A local SEKOIA.IO HTTP intake, on loopback: answers as SEKOIA's does, and
 * shows what SEKOIA would make of each event.
 *
 * - `POST /plain/batch` (FRA1) and `POST /api/v1/intake-http/plain/batch` (the
 *   other regions): events separated by `\n`, plain or `Content-Encoding: gzip`
 *   (SEKOIA's "Formatting options" and "Compression" pages, SEKOIA-IO/documentation,
 *   docs/integration/ingestion_methods/https/, read 2026-11);
 * - the intake key in `X-SEKOIAIO-INTAKE-KEY`: missing or wrong → 401;
 * - reply `{"event_ids": [...]}`, one ID per accepted event;
 * - an event over 250 KiB is refused (no ID; the batch's other events are kept);
 * - Cloudflare's `{"content":"tests"}` validation upload is accepted, and not an event;
 * - with `configApi`, SEKOIA's configuration API (`sekoia-config-api.ts`) on the same origin.
 *
 * The body is read as a stream (decompress → lines → normaliser → spool) in
 * bounded memory whatever it holds, and refused as soon as it passes a limit:
 * more bytes than `maxBodyBytes` (413), more events than `maxEventsPerRequest`
 * (413). SEKOIA does not publish these limits nor the answer it gives past
 * them; 413 with `{"message": …}` is the answer of its other refusals, and the
 * defaults are the largest batch a Logpush job can send (1,000,000,000 bytes,
 * 1,000,000 records), so everything the component allows gets through.
 *
 * An event is acknowledged only once it is in the ECS file, synced to disk:
 * a request's events are committed together after the whole body was read,
 * or not at all (a write failure answers 503, and the sender tries again).
 */
import { timingSafeEqual, createHash } from "node:crypto";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { errorText } from "../messages";
import { isValidationRecord, normalise, SEKOIA_MAX_EVENT_BYTES, type NormaliseResult } from "../normaliser";
import { LineSplitter, TOO_LONG, type LineBytes, type LineHandler } from "../normaliser/lines";
import { LineBlocks } from "../normaliser/output";
import { EventWriter } from "../normaliser/writer";
import { UPLOAD_LIMITS } from "../validation";
import { INTAKE_KEY_HEADER_LC } from "./destination";
import { DuplicateCounter, eventKey, EventKeys } from "./duplicates";
import { EcsFile, EcsWriteError, type Spool } from "./ecs-file";
import { writeEventIds } from "./event-ids";
import { bodyChunks, drain, HttpError } from "./intake-body";
import type { SekoiaConfigApi } from "./sekoia-config-api";

/** The paths the intake answers on: FRA1's, and the other regions'. */
export const INTAKE_PATHS = ["/plain/batch", "/api/v1/intake-http/plain/batch"] as const;

/** Largest request body, after decompression: the largest batch a Logpush job may send (`max_upload_bytes`). */
export const DEFAULT_MAX_BODY_BYTES = UPLOAD_LIMITS.maxUploadBytes.max;

/** Most events in one request: the most a Logpush job may batch (`max_upload_records`). */
export const DEFAULT_MAX_EVENTS_PER_REQUEST = UPLOAD_LIMITS.maxUploadRecords.max;

/** How long `close()` lets requests under way finish before cutting their connections. */
const CLOSE_GRACE_MS = 2000;

/** Options of the local intake. */
export interface IntakeOptions {
  /** A key accepted (besides those of intakes created through `configApi`). */
  intakeKey?: string;
  /** SEKOIA's configuration API, served on the same origin; the keys of the intakes it creates are accepted. */
  configApi?: SekoiaConfigApi;
  /** Where ECS events are appended as NDJSON; none: they are only counted. */
  ecsFile?: string;
  /** Port on 127.0.0.1; default 0 (any free port). */
  port?: number;
  /** Largest body after decompression; above it the request gets 413. Default DEFAULT_MAX_BODY_BYTES. */
  maxBodyBytes?: number;
  /** Most events (lines given an ID) in one request; above it the request gets 413. Default DEFAULT_MAX_EVENTS_PER_REQUEST. */
  maxEventsPerRequest?: number;
  /** Told of each accepted batch (for the console). */
  onBatch?: (summary: BatchSummary) => void;
  /** Told of each event line as it is read, and what the normaliser made of it (before the batch is acknowledged). */
  onEvent?: (line: string, result: NormaliseResult) => void;
  /** Told when the ECS file cannot be written: the request is answered 503 and its events are not kept. */
  onWriteError?: (error: EcsWriteError) => void;
  /**
   * How an accepted line becomes its ECS line and the RayID its duplicate
   * key is made of (undefined: leave it to the normaliser's engine); default
   * the normaliser's byte writer. The benchmark passes JSON.parse +
   * JSON.stringify, for its floor.
   */
  serialise?: (line: string) => { text: string; rayId: unknown } | undefined;
}

/** One accepted request. */
export interface BatchSummary {
  /** 1-based count of accepted requests. */
  index: number;
  accepted: number;
  refused: number;
  normalised: number;
  /** Events of this batch the intake had already accepted (a batch sent again). */
  duplicates: number;
  /** True for Cloudflare's validation upload. */
  validation: boolean;
  bytes: { received: number; decompressed: number };
}

/** Running totals, over acknowledged requests only. */
export interface IntakeStats {
  requests: number;
  /** Requests refused for their key (401). */
  unauthorised: number;
  /** Requests refused for their size, their encoding or their number of events (4xx but 401). */
  rejected: number;
  /** Requests answered 503 because the ECS file could not be written. */
  writeFailures: number;
  /** Validation records (`{"content":"tests"}`) received. */
  validations: number;
  /** Events given an ID. */
  accepted: number;
  /** Events refused (over 250 KiB). */
  refused: number;
  /** Accepted events the normaliser turned into ECS (each of them is in the ECS file). */
  normalised: number;
  /** Accepted events the normaliser could not read (not firewall_events records). */
  notNormalised: number;
  /** Accepted events that were not valid UTF-8 (read with U+FFFD in place of the bad bytes). */
  invalidUtf8: number;
  /** Normalised events above 250 KiB once in ECS. */
  oversizeEcs: number;
  /** Accepted events the intake had already accepted (same RayID, same line): at-least-once delivery. */
  duplicates: number;
  /** The first event normalised: raw line and ECS event, for a side-by-side view. */
  sample?: { raw: string; ecs: Record<string, unknown> };
}

/** A running local intake. */
export interface LocalIntake {
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  port: number;
  stats: IntakeStats;
  /** The ECS file, when one is written. */
  ecsFile?: string;
  /** The first failure to write the ECS file, if any. */
  writeError?: EcsWriteError;
  /** Stops listening, lets requests under way finish (at most 2 s), closes every connection and the ECS file. */
  close(): Promise<void>;
}

const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();

/** What one request added up to, before it is acknowledged. */
interface RequestTally {
  ids: number;
  summary: BatchSummary;
  notNormalised: number;
  invalidUtf8: number;
  oversizeEcs: number;
  keys: EventKeys;
  sample?: { raw: string; ecs: Record<string, unknown> };
}

/** One writer for every intake of the process: its caches are bounded. */
let writer: EventWriter | undefined;

/**
 * Reads one request's events into `spool` (when there is one): every line is
 * counted, normalised and serialised as it arrives, one decompressed chunk at
 * a time, so neither memory nor the event loop is held by a large body.
 */
async function readEvents(
  req: http.IncomingMessage,
  options: IntakeOptions,
  limits: { bytes: number; events: number },
  spool: Spool | undefined,
): Promise<RequestTally> {
  const summary: BatchSummary = {
    index: 0,
    accepted: 0,
    refused: 0,
    normalised: 0,
    duplicates: 0,
    validation: false,
    bytes: { received: 0, decompressed: 0 },
  };
  const tally: RequestTally = {
    ids: 0,
    summary,
    notNormalised: 0,
    invalidUtf8: 0,
    oversizeEcs: 0,
    keys: new EventKeys(),
  };
  // ECS lines go into blocks of bytes (the writer writes its events in place), spooled when a block is full.
  const blocks = new LineBlocks();
  /** Counts a normalised event (whichever back-end wrote it), keyed by its RayID when it has one. */
  const written = (line: string, rayId: unknown): void => {
    summary.normalised++;
    // The event's cloudflare.RayID, as the engine would have it: a non-empty string.
    if (typeof rayId === "string" && rayId !== "") tally.keys.push(eventKey(rayId, line));
  };
  /**
   * Writes the event with the writer, in place in the blocks
   * (`EventWriter.writeLine`), `message` copied from the line's bytes when
   * given. False when the writer leaves the record to the engine.
   * @param line the record's line
   * @param bytes the line's bytes, when valid UTF-8 (see LineHandler)
   */
  const byWriter = (line: string, bytes?: Readonly<LineBytes>): boolean => {
    writer ??= new EventWriter();
    // No ECS file: the event is only counted.
    const ok = spool === undefined ? writer.write(line, line, bytes) >= 0 : writer.writeLine(blocks, line, line, bytes);
    if (!ok) return false;
    written(line, writer.sourceValue("RayID"));
    return true;
  };
  const onLine: LineHandler = (line, invalidUtf8, bytes) => {
    if (line === TOO_LONG) {
      summary.refused++; // above SEKOIA's 250 KiB: no ID, the batch's other events are kept
      return;
    }
    if (line.trim() === "") return;
    if (++tally.ids > limits.events)
      throw new HttpError(413, `more than ${limits.events} events in one request; send smaller batches`);
    if (isValidationRecord(line)) {
      summary.validation = true;
      return;
    }
    summary.accepted++;
    if (invalidUtf8) tally.invalidUtf8++;
    // The writer first (no event object); the engine for what it declines (anything that would
    // warn), when told of each event, and for the request's first event (kept as the sample).
    if (options.onEvent === undefined && tally.sample !== undefined) {
      if (options.serialise === undefined) {
        if (byWriter(line, bytes)) return;
      } else {
        const made = options.serialise(line);
        if (made !== undefined) {
          written(line, made.rayId);
          if (spool !== undefined) blocks.line(made.text);
          return;
        }
      }
    }
    const result = normalise(line, { original: line });
    options.onEvent?.(line, result);
    if (result.kind !== "event") {
      tally.notNormalised++;
      return;
    }
    written(line, (result.event.cloudflare as { RayID?: unknown } | undefined)?.RayID);
    if (result.oversize) tally.oversizeEcs++;
    tally.sample ??= { raw: line, ecs: result.event };
    if (spool !== undefined) blocks.line(JSON.stringify(result.event));
  };
  const splitter = new LineSplitter(onLine, SEKOIA_MAX_EVENT_BYTES);
  const flush = async () => {
    if (spool === undefined) return;
    for (const block of blocks.take()) await spool.write(block);
  };
  req.on("data", (chunk: Buffer) => (summary.bytes.received += chunk.length));
  for await (const chunk of bodyChunks(req, limits.bytes)) {
    summary.bytes.decompressed += chunk.length;
    splitter.push(chunk);
    if (blocks.ready) await flush();
  }
  splitter.end();
  await flush();
  return tally;
}

/** Starts the intake on 127.0.0.1 and resolves once it listens; throws EcsFileOpenError when the ECS file cannot be opened. */
export async function startIntake(options: IntakeOptions): Promise<LocalIntake> {
  const expected = options.intakeKey !== undefined ? digest(options.intakeKey) : undefined;
  const limits = {
    bytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    events: options.maxEventsPerRequest ?? DEFAULT_MAX_EVENTS_PER_REQUEST,
  };
  const ecs = options.ecsFile !== undefined ? await EcsFile.open(options.ecsFile) : undefined;
  const duplicates = new DuplicateCounter();
  const stats: IntakeStats = {
    requests: 0,
    unauthorised: 0,
    rejected: 0,
    writeFailures: 0,
    validations: 0,
    accepted: 0,
    refused: 0,
    normalised: 0,
    notNormalised: 0,
    invalidUtf8: 0,
    oversizeEcs: 0,
    duplicates: 0,
  };
  let batches = 0;
  let writeError: EcsWriteError | undefined;

  /** Reads, commits and counts one request; resolves to the number of IDs to answer. */
  const handle = async (req: http.IncomingMessage): Promise<number> => {
    stats.requests++;
    const path = (req.url ?? "/").split("?")[0];
    if (!(INTAKE_PATHS as readonly string[]).includes(path))
      throw new HttpError(404, `no intake at ${JSON.stringify(path.slice(0, 100))}; use ${INTAKE_PATHS.join(" or ")}`);
    if (req.method !== "POST") throw new HttpError(405, "POST events to this endpoint");
    const key = req.headers[INTAKE_KEY_HEADER_LC];
    // Compared as digests, in constant time: the answer says nothing about how close a wrong key was.
    const known =
      typeof key === "string" &&
      ((expected !== undefined && timingSafeEqual(digest(key), expected)) || options.configApi?.acceptsIntakeKey(key));
    if (!known) {
      stats.unauthorised++;
      throw new HttpError(401, "missing or invalid intake key");
    }
    const spool = ecs?.spool();
    try {
      const tally = await readEvents(req, options, limits, spool);
      const { summary } = tally;
      if (tally.ids === 0 && summary.refused > 0)
        throw new HttpError(413, `every event is above SEKOIA's limit of ${SEKOIA_MAX_EVENT_BYTES} bytes`);
      if (spool !== undefined && ecs !== undefined) await ecs.commit(spool, summary.normalised);
      // Acknowledged from here on: only now is anything counted.
      summary.duplicates = duplicates.add(tally.keys);
      stats.duplicates = duplicates.duplicates;
      if (summary.validation) stats.validations++;
      stats.accepted += summary.accepted;
      stats.refused += summary.refused;
      stats.normalised += summary.normalised;
      stats.notNormalised += tally.notNormalised;
      stats.invalidUtf8 += tally.invalidUtf8;
      stats.oversizeEcs += tally.oversizeEcs;
      stats.sample ??= tally.sample;
      summary.index = ++batches;
      options.onBatch?.(summary);
      return tally.ids;
    } catch (error) {
      if (error instanceof EcsWriteError) {
        stats.writeFailures++;
        writeError ??= error;
        options.onWriteError?.(error);
        throw new HttpError(503, "events could not be stored; send the batch again");
      }
      if (error instanceof HttpError) stats.rejected++;
      throw error;
    } finally {
      await spool?.discard();
    }
  };

  let stopping = false;
  const server = http.createServer((req, res) => {
    // Once closing, the intake is gone: a request on a kept-alive socket finds it cut, as from a dead server.
    if (stopping) {
      req.socket.destroy();
      return;
    }
    if (options.configApi?.owns(req.url)) {
      void options.configApi.handle(req, res);
      return;
    }
    const refuse = (status: number, message: string) => {
      if (res.headersSent || res.destroyed) return;
      // An early answer: the rest of the body is read and dropped, then the connection closes.
      const early = !req.complete;
      res.writeHead(status, {
        "Content-Type": "application/json",
        ...((stopping || early) && { Connection: "close" }),
      });
      res.end(JSON.stringify({ message }));
      if (early) drain(req);
    };
    handle(req)
      .then((ids) => (res.destroyed ? undefined : writeEventIds(res, ids)))
      .catch((error: unknown) =>
        error instanceof HttpError
          ? refuse(error.status, error.message)
          : refuse(500, `the intake failed on this request: ${errorText(error, 200)}`),
      )
      // Nothing a request does may stop the intake: a failure past this point only loses that answer.
      .catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  const intake: LocalIntake = {
    origin: `http://127.0.0.1:${port}`,
    port,
    stats,
    ...(options.ecsFile !== undefined && { ecsFile: options.ecsFile }),
    get writeError() {
      return writeError;
    },
    close() {
      // Requests under way get their answer; idle keep-alive sockets go now, stragglers after a grace period.
      stopping = true;
      closing ??= new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      }).then(() => ecs?.close());
      return closing;
    },
  };
  return intake;
}
