/**
 * The sandbox's Cloudflare API: the Logpush reads the guide names (list jobs,
 * get a job, a dataset's jobs, its fields), in Cloudflare's envelope
 * `{ success, errors, messages, result }` (API schema api-response-common),
 * with Cloudflare's error codes, read both raw and through the official SDK.
 */
import Cloudflare, { NotFoundError } from "cloudflare";
import { FIELD_NAMES } from "../components";
import { apiJobFromInputs } from "../components/sandbox/api-job";
import { startCloudflareApi, type CloudflareApiEmulator } from "../components/sandbox/cloudflare-api";
import { componentJob } from "../components/sandbox/component-job";
import { JobHealthRecorder } from "../components/sandbox/job-health";

const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";
const ACCOUNT = "01a7362d577a6c3019a474fd6f485823";
const KEY = "QH6RXx8kmVq0GjHwVyUnJzY4cs2pdLoAT";
const TOKEN = "sandbox-api-token";
const READ_ONLY = "sandbox-api-token-without-logs-write";

let api: CloudflareApiEmulator;
let health: JobHealthRecorder;
beforeAll(async () => {
  api = await startCloudflareApi({ [TOKEN]: { logsWrite: true }, [READ_ONLY]: { logsWrite: false } });
  health = new JobHealthRecorder(true);
  const job = apiJobFromInputs(await componentJob({ zoneId: ZONE, intakeKey: KEY, maxUploadIntervalSeconds: 30 }));
  api.addJob({ kind: "zone", id: ZONE }, job, health.fields);
  api.addJob({ kind: "zone", id: ZONE }, { ...job, name: "http", dataset: "http_requests" });
  api.addJob({ kind: "account", id: ACCOUNT }, { ...job, name: "account-job" });
});
afterAll(() => api.close());

async function raw(path: string, token: string | null = TOKEN) {
  const res = await fetch(
    `${api.baseURL}${path}`,
    token === null ? {} : { headers: { Authorization: `Bearer ${token}` } },
  );
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("the sandbox's Cloudflare API", () => {
  it("answers in Cloudflare's envelope, with the job as `pulumi up` created it", async () => {
    const { status, body } = await raw(`/zones/${ZONE}/logpush/jobs/1`);
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(["errors", "messages", "result", "success"]);
    expect(body).toMatchObject({ success: true, errors: [], messages: [] });
    expect(body.result).toMatchObject({
      id: 1,
      name: `sekoia-firewall-events-${ZONE}`,
      dataset: "firewall_events",
      enabled: true,
      max_upload_bytes: 5_000_000,
      max_upload_records: 1_000,
      max_upload_interval_seconds: 30,
      output_options: { output_type: "ndjson", timestamp_format: "rfc3339" },
      last_complete: null,
      last_error: null,
      error_message: null,
    });
  });

  it("shows the health fields as the Logpush emulator changes them", async () => {
    health.failed("HTTP 503");
    const failing = (await raw(`/zones/${ZONE}/logpush/jobs/1`)).body.result as Record<string, unknown>;
    expect(failing.last_error).toEqual(expect.any(String));
    expect(failing.error_message).toBe("HTTP 503");
    health.delivered();
    const pushed = (await raw(`/zones/${ZONE}/logpush/jobs/1`)).body.result as Record<string, unknown>;
    expect(pushed.last_complete).toEqual(expect.any(String));
    // Cloudflare's schema: last_error is null once the job has pushed since its last failure.
    expect(pushed.last_error).toBeNull();
  });

  it.each([
    ["no Authorization header", `/zones/${ZONE}/logpush/jobs`, null, 400, [6003, "Invalid request headers"]],
    ["an unknown token", `/zones/${ZONE}/logpush/jobs`, "nope", 401, [10000, "Authentication error"]],
    ["a token without Logs Write", `/zones/${ZONE}/logpush/jobs`, READ_ONLY, 403, [10000, "Authentication error"]],
    [
      "an unknown zone",
      `/zones/${"f".repeat(32)}/logpush/jobs`,
      TOKEN,
      404,
      [
        7003,
        expect.stringMatching(
          /^Could not route to \/client\/v4\/zones\/f{32}\/logpush\/jobs, perhaps your object identifier is invalid\?$/,
        ),
      ],
    ],
    ["an unknown job", `/zones/${ZONE}/logpush/jobs/99`, TOKEN, 404, [1004, "Job not found"]],
    ["a path it does not serve", `/zones/${ZONE}/dns_records`, TOKEN, 404, [7000, "No route for that URI"]],
  ])(
    "%s: HTTP %#, success false, result null, Cloudflare's error",
    async (_what, path, token, status, [code, message]) => {
      const r = await raw(path, token);
      expect(r.status).toBe(status);
      expect(r.body).toMatchObject({ success: false, messages: [], result: null });
      expect((r.body.errors as unknown[])[0]).toMatchObject({ code, message });
    },
  );

  it("a 403 carries the documentation_url Cloudflare adds since 2026-08-20", async () => {
    const r = await raw(`/zones/${ZONE}/logpush/jobs`, READ_ONLY);
    expect((r.body.errors as Array<{ documentation_url?: string }>)[0].documentation_url).toMatch(
      /^https:\/\/developers\.cloudflare\.com\/api\//,
    );
  });

  describe("through Cloudflare's SDK (the calls of the guide's 'Useful Cloudflare API endpoints')", () => {
    const sdk = () => new Cloudflare({ apiToken: TOKEN, baseURL: api.baseURL, maxRetries: 0 });

    it("lists a zone's jobs, every dataset", async () => {
      const names = [];
      for await (const job of sdk().logpush.jobs.list({ zone_id: ZONE })) names.push(job?.name);
      expect(names).toEqual([`sekoia-firewall-events-${ZONE}`, "http"]);
    });
    it("lists a dataset's jobs only", async () => {
      const names = [];
      for await (const job of sdk().logpush.datasets.jobs.get("firewall_events", { zone_id: ZONE }))
        names.push(job?.name);
      expect(names).toEqual([`sekoia-firewall-events-${ZONE}`]);
    });
    it("gets one job, zone or account", async () => {
      expect((await sdk().logpush.jobs.get(1, { zone_id: ZONE }))?.dataset).toBe("firewall_events");
      expect((await sdk().logpush.jobs.get(3, { account_id: ACCOUNT }))?.name).toBe("account-job");
    });
    it("lists the dataset's fields: every field of the package's catalogue", async () => {
      const fields = await sdk().logpush.datasets.fields.get("firewall_events", { zone_id: ZONE });
      expect(Object.keys(fields as object)).toEqual([...FIELD_NAMES]);
    });
    it("a job that is not there: the SDK's NotFoundError", async () => {
      await expect(sdk().logpush.jobs.get(99, { zone_id: ZONE })).rejects.toBeInstanceOf(NotFoundError);
    });
  });
});
