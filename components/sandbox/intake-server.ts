/**
 * A local SEKOIA.IO HTTP intake, on loopback: answers as SEKOIA's does, and
 * shows what SEKOIA would make of each event.
 *
 * - `POST /plain/batch` (FRA1) and `POST /api/v1/intake-http/plain/batch` (the
 *   other regions): events separated by `\n`, plain or `Content-Encoding: gzip`;
 * - the intake key in `X-SEKOIAIO-INTAKE-KEY`: missing or wrong → 401;
 * - reply `{"event_ids": [...]}`, one ID per accepted event;
 * - an event over 250 KiB is refused (no ID; the batch's other events are kept);
 * - Cloudflare's `{"content":"tests"}` validation upload is accepted, and not an event.
 *
 * Each accepted event goes through the normaliser; the ECS event (the raw line
 * kept as `message`, as SEKOIA keeps it) is appended to the ECS file.
 */
import { createHash, randomUUID, timingSafeEqual } from "node:crypto";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { isValidationRecord, normalise, SEKOIA_MAX_EVENT_BYTES, type NormaliseResult } from "../normaliser";
import { INTAKE_KEY_HEADER_LC } from "./destination";
import { EcsFile } from "./ecs-file";

const gunzipAsync = promisify(gunzip);

/** The paths the intake answers on: FRA1's, and the other regions'. */
export const INTAKE_PATHS = ["/plain/batch", "/api/v1/intake-http/plain/batch"] as const;

/** Largest request body, after decompression (Logpush's largest batch is 1 GB; the sandbox stays modest). */
export const DEFAULT_MAX_BODY_BYTES = 256 * 1024 * 1024;

/** How long `close()` lets requests under way finish before cutting their connections. */
const CLOSE_GRACE_MS = 2000;

/** Options of the local intake. */
export interface IntakeOptions {
  /** The only key accepted. */
  intakeKey: string;
  /** Where ECS events are appended as NDJSON; none: they are only counted. */
  ecsFile?: string;
  /** Port on 127.0.0.1; default 0 (any free port). */
  port?: number;
  /** Largest body after decompression; above it the request gets 413. */
  maxBodyBytes?: number;
  /** Told of each accepted batch (for the console). */
  onBatch?: (summary: BatchSummary) => void;
  /** Told of each accepted event line and what the normaliser made of it. */
  onEvent?: (line: string, result: NormaliseResult) => void;
}

/** One accepted request. */
export interface BatchSummary {
  /** 1-based count of accepted requests. */
  index: number;
  accepted: number;
  refused: number;
  normalised: number;
  /** True for Cloudflare's validation upload. */
  validation: boolean;
  bytes: { received: number; decompressed: number };
}

/** Running totals. */
export interface IntakeStats {
  requests: number;
  /** Requests refused for their key (401). */
  unauthorised: number;
  /** Validation records (`{"content":"tests"}`) received. */
  validations: number;
  /** Events given an ID. */
  accepted: number;
  /** Events refused (over 250 KiB). */
  refused: number;
  /** Accepted events the normaliser turned into ECS. */
  normalised: number;
  /** Accepted events the normaliser could not read (not firewall_events records). */
  notNormalised: number;
  /** Normalised events above 250 KiB once in ECS. */
  oversizeEcs: number;
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
  /** Stops listening, lets requests under way finish (at most 2 s), closes every connection and the ECS file. */
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.destroy();
        reject(new HttpError(413, `body above ${limit} bytes`));
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

async function decode(req: http.IncomingMessage, raw: Buffer, limit: number): Promise<Buffer> {
  const encoding = (req.headers["content-encoding"] ?? "identity").toLowerCase();
  if (encoding === "identity") return raw;
  if (encoding !== "gzip") throw new HttpError(415, `Content-Encoding ${encoding} is not supported (gzip or none)`);
  try {
    return await gunzipAsync(raw, { maxOutputLength: limit });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ERR_BUFFER_TOO_LARGE") throw new HttpError(413, `body above ${limit} bytes once decompressed`);
    throw new HttpError(400, "body is not valid gzip");
  }
}

/** Starts the intake on 127.0.0.1 and resolves once it listens. */
export async function startIntake(options: IntakeOptions): Promise<LocalIntake> {
  const expected = digest(options.intakeKey);
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const ecs = options.ecsFile !== undefined ? new EcsFile(options.ecsFile) : undefined;
  const stats: IntakeStats = {
    requests: 0,
    unauthorised: 0,
    validations: 0,
    accepted: 0,
    refused: 0,
    normalised: 0,
    notNormalised: 0,
    oversizeEcs: 0,
  };
  let batches = 0;

  const handle = async (req: http.IncomingMessage): Promise<{ status: number; body: unknown }> => {
    stats.requests++;
    const path = (req.url ?? "/").split("?")[0];
    if (!(INTAKE_PATHS as readonly string[]).includes(path))
      throw new HttpError(404, `no intake at ${path}; use ${INTAKE_PATHS.join(" or ")}`);
    if (req.method !== "POST") throw new HttpError(405, "POST events to this endpoint");
    const key = req.headers[INTAKE_KEY_HEADER_LC];
    // Compared as digests, in constant time: the answer says nothing about how close a wrong key was.
    if (typeof key !== "string" || !timingSafeEqual(digest(key), expected)) {
      stats.unauthorised++;
      throw new HttpError(401, "missing or invalid intake key");
    }
    const raw = await readBody(req, limit);
    const text = (await decode(req, raw, limit)).toString("utf8");
    const ids: string[] = [];
    const out: string[] = [];
    const summary: BatchSummary = {
      index: 0,
      accepted: 0,
      refused: 0,
      normalised: 0,
      validation: false,
      bytes: { received: raw.length, decompressed: Buffer.byteLength(text) },
    };
    for (const line of text.split("\n")) {
      if (line.trim() === "") continue;
      // A UTF-16 unit is at most 3 bytes: only long lines need measuring.
      if (line.length * 3 > SEKOIA_MAX_EVENT_BYTES && Buffer.byteLength(line, "utf8") > SEKOIA_MAX_EVENT_BYTES) {
        summary.refused++;
        continue;
      }
      ids.push(randomUUID());
      if (isValidationRecord(line)) {
        summary.validation = true;
        stats.validations++;
        continue;
      }
      summary.accepted++;
      const result = normalise(line, { original: line });
      options.onEvent?.(line, result);
      if (result.kind !== "event") {
        stats.notNormalised++;
        continue;
      }
      summary.normalised++;
      if (result.oversize) stats.oversizeEcs++;
      if (stats.sample === undefined) stats.sample = { raw: line, ecs: result.event };
      out.push(JSON.stringify(result.event));
    }
    if (ids.length === 0 && summary.refused > 0)
      throw new HttpError(413, `every event is above SEKOIA's limit of ${SEKOIA_MAX_EVENT_BYTES} bytes`);
    stats.accepted += summary.accepted;
    stats.refused += summary.refused;
    stats.normalised += summary.normalised;
    await ecs?.append(out);
    summary.index = ++batches;
    options.onBatch?.(summary);
    return { status: 200, body: { event_ids: ids } };
  };

  let stopping = false;
  const server = http.createServer((req, res) => {
    // Once closing, the intake is gone: a request on a kept-alive socket finds it cut, as from a dead server.
    if (stopping) {
      req.socket.destroy();
      return;
    }
    const reply = (status: number, body: unknown) => {
      if (res.headersSent || res.destroyed) return;
      res.writeHead(status, { "Content-Type": "application/json", ...(stopping && { Connection: "close" }) });
      res.end(JSON.stringify(body));
    };
    handle(req).then(
      ({ status, body }) => reply(status, body),
      (error: unknown) =>
        reply(error instanceof HttpError ? error.status : 500, {
          message: error instanceof Error ? error.message : String(error),
        }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    stats,
    ...(options.ecsFile !== undefined && { ecsFile: options.ecsFile }),
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
}
