/**
 * A request body as the local intake reads it: a stream of decompressed
 * chunks, never held whole, refused as soon as it passes the size limit
 * (declared or counted), and drained after an early answer so that the sender
 * reads that answer instead of a reset connection.
 */
import type * as http from "node:http";
import { createGunzip } from "node:zlib";

/** A request the intake answers with an error status and `{"message": …}`. */
export class HttpError extends Error {
  /**
   * @param status the HTTP status
   * @param message what the sender is told
   */
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** After an early answer, at most this many more body bytes are read and thrown away before the connection is cut. */
export const DRAIN_MAX_BYTES = 1024 * 1024 * 1024;
/** …and for at most this long. */
export const DRAIN_MAX_MS = 30_000;

// Gzip adds a few bytes per 16 KiB block to data that does not compress: room for that above the limit.
const gzipSlack = (limit: number) => Math.ceil(limit / 1000) + 1024;

/**
 * The decompressed body, chunk by chunk. Throws HttpError 415 for an encoding
 * other than gzip or none, 413 above `limit` bytes (before reading anything
 * when Content-Length already says so), 400 for a body that is not gzip.
 *
 * @param req the request
 * @param limit largest body, in bytes once decompressed
 */
export async function* bodyChunks(req: http.IncomingMessage, limit: number): AsyncGenerator<Buffer> {
  const encoding = (req.headers["content-encoding"] ?? "identity").trim().toLowerCase();
  if (encoding !== "identity" && encoding !== "gzip")
    throw new HttpError(
      415,
      `Content-Encoding ${JSON.stringify(encoding.slice(0, 40))} is not supported (gzip or none)`,
    );
  const declared = Number(req.headers["content-length"] ?? NaN);
  const rawLimit = encoding === "gzip" ? limit + gzipSlack(limit) : limit;
  if (declared > rawLimit) throw new HttpError(413, `body above ${limit} bytes`);
  let decompressed = 0;
  const counted = (chunk: Buffer, what: string): Buffer => {
    decompressed += chunk.length;
    if (decompressed > limit) throw new HttpError(413, `body above ${limit} bytes${what}`);
    return chunk;
  };
  if (encoding === "identity") {
    // Not destroyed on an early exit: the sender is still to read the answer (see drain).
    for await (const chunk of req.iterator({ destroyOnReturn: false })) yield counted(chunk as Buffer, "");
    return;
  }
  const gunzip = createGunzip();
  let raw = 0;
  let tooBig = false;
  req.on("data", (chunk: Buffer) => {
    raw += chunk.length;
    if (raw > rawLimit && !tooBig) {
      tooBig = true;
      req.unpipe(gunzip);
      gunzip.destroy(new HttpError(413, `body above ${limit} bytes`));
    }
  });
  req.on("error", (error) => gunzip.destroy(error));
  req.pipe(gunzip);
  try {
    for await (const chunk of gunzip) yield counted(chunk as Buffer, " once decompressed");
  } catch (error) {
    if (error instanceof HttpError) throw error;
    if (req.readableAborted) throw error; // the sender went away: nobody to answer
    throw new HttpError(400, "body is not valid gzip");
  } finally {
    req.unpipe(gunzip);
    gunzip.destroy();
  }
}

/**
 * Reads and throws away what is left of a request answered early, so the
 * sender (still writing) reads the answer rather than a reset; cuts the
 * connection past DRAIN_MAX_BYTES or DRAIN_MAX_MS.
 *
 * @param req the request answered early
 */
export function drain(req: http.IncomingMessage): void {
  if (req.complete || req.destroyed) return;
  let drained = 0;
  const cut = () => req.socket.destroy();
  const timer = setTimeout(cut, DRAIN_MAX_MS);
  timer.unref();
  req.removeAllListeners("data");
  req.on("data", (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > DRAIN_MAX_BYTES) cut();
  });
  req.on("end", () => clearTimeout(timer));
  req.on("close", () => clearTimeout(timer));
  req.resume();
}
