/**
 * One upload as Logpush makes it: a gzip-compressed NDJSON body posted to the
 * destination with its `header_*` headers, retried with backoff when it fails.
 * The sandbox then gives up on the batch (see `SANDBOX_RETRY_POLICY` for how
 * that differs from Cloudflare).
 */
import * as http from "node:http";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import type { HttpTarget } from "./destination";

const gzipAsync = promisify(gzip);

/** When to try again after a failed upload. */
export interface RetryPolicy {
  /** Wait before each retry, in ms; its length is the number of retries. */
  delaysMs: readonly number[];
  /** Give up on one attempt after this long. */
  timeoutMs: number;
}

/**
 * The sandbox's retries: five, with doubling waits (10 s … 150 s, 300 s in
 * all), then the batch is dropped and reported, so that a run always ends.
 *
 * Cloudflare goes further (its docs, corrected in 2026; they used to say
 * "about five times over five minutes"): a failed upload is retried with
 * backoff for as long as the data is within its retention window, and a job
 * whose uploads keep failing for about 24 hours is disabled; nothing is
 * backfilled. The sandbox does not model the longer retrying, and scales the
 * disabling down to a few dropped batches in a row (`job-health.ts`). Delivery
 * is at-least-once in both: an upload whose answer is lost (a timeout after
 * the intake took it) is sent again, and counted twice.
 */
export const SANDBOX_RETRY_POLICY: RetryPolicy = {
  delaysMs: [10_000, 20_000, 40_000, 80_000, 150_000],
  timeoutMs: 30_000,
};

/** How an upload ended. */
export type UploadOutcome =
  { ok: true; status: number; attempts: number; body: string } | { ok: false; attempts: number; reason: string };

/** The gzip body of an NDJSON text. */
export function gzipBody(text: string): Promise<Buffer> {
  return gzipAsync(Buffer.from(text, "utf8"));
}

/** One POST; resolves with the status and the answer's text, rejects on a network error or timeout. */
function post(
  target: HttpTarget,
  body: Buffer,
  agent: http.Agent,
  timeoutMs: number,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      target.url,
      {
        method: "POST",
        agent,
        headers: {
          ...target.headers,
          "Content-Type": "application/x-ndjson",
          "Content-Encoding": "gzip",
          "Content-Length": body.length,
          "User-Agent": "Go-http-client/2.0", // what Logpush's uploader announces
        },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end(body);
  });
}

// Ends early when the run is stopped, so a stopped run leaves no timer behind.
const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });

/**
 * Posts a gzip body, retrying every failure (network error, timeout, any
 * non-2xx answer) after each of the policy's waits. `onRetry` hears of each
 * failed attempt that will be retried. Once `signal` is aborted no attempt is
 * made or waited for: the upload ends as not delivered.
 */
export async function upload(
  target: HttpTarget,
  body: Buffer,
  agent: http.Agent,
  policy: RetryPolicy,
  onRetry?: (attempt: number, reason: string) => void,
  signal?: AbortSignal,
): Promise<UploadOutcome> {
  let reason = "";
  for (let attempt = 1; attempt <= policy.delaysMs.length + 1; attempt++) {
    if (attempt > 1) {
      onRetry?.(attempt - 1, reason);
      await sleep(policy.delaysMs[attempt - 2], signal);
    }
    if (signal?.aborted) return { ok: false, attempts: attempt - 1, reason: "the run was stopped" };
    try {
      const answer = await post(target, body, agent, policy.timeoutMs);
      if (answer.status >= 200 && answer.status < 300)
        return { ok: true, status: answer.status, attempts: attempt, body: answer.body };
      reason = `HTTP ${answer.status}${answer.body ? `: ${answer.body.slice(0, 200)}` : ""}`;
    } catch (error) {
      reason = error instanceof Error ? ((error as NodeJS.ErrnoException).code ?? error.message) : String(error);
    }
  }
  return { ok: false, attempts: policy.delaysMs.length + 1, reason };
}
