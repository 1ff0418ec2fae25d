/**
 * A local Cloudflare API for the Logpush reads the guide and `npm run verify`
 * use, on 127.0.0.1, answered as Cloudflare answers them:
 *
 * - `GET /client/v4/{zones|accounts}/{id}/logpush/jobs`                    list jobs
 * - `GET /client/v4/{zones|accounts}/{id}/logpush/jobs/{job_id}`           get one job
 * - `GET /client/v4/{zones|accounts}/{id}/logpush/datasets/{dataset}/jobs` jobs of a dataset
 * - `GET /client/v4/{zones|accounts}/{id}/logpush/datasets/{dataset}/fields` the dataset's fields
 *
 * Every answer is Cloudflare's envelope `{ success, errors, messages, result }`
 * (API schema "api-response-common": all four required; errors are
 * `{ code, message }`). Errors, with the codes and texts Cloudflare gives:
 * - no or malformed `Authorization: Bearer` header: 400, 6003 "Invalid request
 *   headers" with error_chain 6111 "Invalid format for Authorization header";
 * - an unknown token: 401, 10000 "Authentication error";
 * - a token without Logs Write: 403, 10000 "Authentication error", with the
 *   `documentation_url` Cloudflare adds to 403s since 2026-08-20 (changelog
 *   "Enriched 403 responses for the Cloudflare API");
 * - an unknown zone or account: 404, 7003 "Could not route to …, perhaps your
 *   object identifier is invalid?" and 7000 "No route for that URI";
 * - an unknown job: 404 (the code, 1004, is the emulator's own choice).
 * Only GET is served: verify only reads.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { FIELD_NAMES } from "../fields";
import type { LiveJob } from "../verify/live-jobs";
import type { Scope } from "../verify/scope";
import type { JobHealthFields } from "./job-health";

/** The path prefix of Cloudflare's API v4. */
export const API_PREFIX = "/client/v4";

/** A job's settings as the API returns them (the health fields come from its `JobHealthFields`). */
export type ApiJobSettings = Omit<LiveJob, "id" | "last_complete" | "last_error" | "error_message">;

/** What a token may do. */
export interface TokenGrant {
  /** Logs Write on the zones and accounts: Cloudflare asks it of every Logpush call, reads included. */
  logsWrite: boolean;
}

/** The running emulator. */
export interface CloudflareApiEmulator {
  /** The base URL to give the SDK (`baseURL`, or `CLOUDFLARE_BASE_URL`). */
  baseURL: string;
  /**
   * Adds a job; its health fields are read from `health` on every request,
   * so a Logpush emulator that updates them is seen live.
   * @returns the job's ID
   */
  addJob(scope: Scope, settings: ApiJobSettings, health?: JobHealthFields): number;
  /** Makes a zone or account known, with no job. */
  addScope(scope: Scope): void;
  /** Requests answered so far. */
  readonly requests: number;
  close(): Promise<void>;
}

interface StoredJob {
  id: number;
  settings: ApiJobSettings;
  health: JobHealthFields;
}

type ApiError = { code: number; message: string; documentation_url?: string; error_chain?: ApiError[] };

const envelope = (result: unknown, errors: ApiError[] = []) =>
  JSON.stringify({ success: errors.length === 0, errors, messages: [], result });

const LOGPUSH_DOCS = "https://developers.cloudflare.com/api/resources/logpush/";

// /client/v4/{zones|accounts}/{id}/logpush/(jobs[/{job}] | datasets/{dataset}/(jobs|fields))
const ROUTE =
  /^\/client\/v4\/(zones|accounts)\/([^/]+)\/logpush\/(?:jobs(?:\/([^/]+))?|datasets\/([^/]+)\/(jobs|fields))\/?$/;

/**
 * Starts the emulator on 127.0.0.1.
 * @param tokens each accepted token and what it may do
 * @param port the port; default 0 (any free one)
 */
export async function startCloudflareApi(
  tokens: Readonly<Record<string, TokenGrant>>,
  port = 0,
): Promise<CloudflareApiEmulator> {
  const scopes = new Map<string, StoredJob[]>();
  const key = (s: Scope) => `${s.kind === "zone" ? "zones" : "accounts"}/${s.id}`;
  let nextId = 1;
  let requests = 0;

  const answer = (res: http.ServerResponse, status: number, body: string) => {
    res.writeHead(status, { "Content-Type": "application/json" });
    res.end(body);
  };
  const fail = (res: http.ServerResponse, status: number, ...errors: ApiError[]) =>
    answer(res, status, envelope(null, errors));
  const show = (job: StoredJob) => ({ id: job.id, ...job.settings, ...job.health });

  const server = http.createServer((req, res) => {
    requests++;
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    const auth = /^Bearer ([A-Za-z0-9_-]+)$/.exec(req.headers.authorization ?? "");
    if (!auth)
      return fail(res, 400, {
        code: 6003,
        message: "Invalid request headers",
        error_chain: [{ code: 6111, message: "Invalid format for Authorization header" }],
      });
    const grant = Object.prototype.hasOwnProperty.call(tokens, auth[1]) ? tokens[auth[1]] : undefined;
    if (!grant) return fail(res, 401, { code: 10000, message: "Authentication error" });
    const route = ROUTE.exec(path);
    if (req.method !== "GET" || !route) return fail(res, 404, { code: 7000, message: "No route for that URI" });
    const [, kind, id, jobId, dataset, what] = route;
    const jobs = scopes.get(`${kind}/${id}`);
    if (!jobs)
      return fail(
        res,
        404,
        { code: 7003, message: `Could not route to ${path}, perhaps your object identifier is invalid?` },
        { code: 7000, message: "No route for that URI" },
      );
    if (!grant.logsWrite)
      return fail(res, 403, { code: 10000, message: "Authentication error", documentation_url: LOGPUSH_DOCS });
    if (what === "fields") {
      if (dataset !== "firewall_events") return fail(res, 400, { code: 1002, message: `unknown dataset ${dataset}` });
      return answer(res, 200, envelope(Object.fromEntries(FIELD_NAMES.map((f) => [f, `firewall_events field ${f}`]))));
    }
    if (what === "jobs")
      return answer(res, 200, envelope(jobs.filter((j) => j.settings.dataset === dataset).map(show)));
    if (jobId === undefined) return answer(res, 200, envelope(jobs.map(show)));
    const job = jobs.find((j) => String(j.id) === jobId);
    return job ? answer(res, 200, envelope(show(job))) : fail(res, 404, { code: 1004, message: "Job not found" });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;

  const addScope = (scope: Scope) => {
    if (!scopes.has(key(scope))) scopes.set(key(scope), []);
  };
  return {
    baseURL: `http://127.0.0.1:${address.port}${API_PREFIX}`,
    addScope,
    addJob(scope, settings, health) {
      addScope(scope);
      const id = nextId++;
      const fields = health ?? {
        enabled: settings.enabled,
        last_complete: null,
        last_error: null,
        error_message: null,
      };
      scopes.get(key(scope))!.push({ id, settings, health: fields });
      return id;
    },
    get requests() {
      return requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
