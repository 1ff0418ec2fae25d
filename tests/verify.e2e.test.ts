/**
 * The guide's "verify the job" step, end to end on loopback: the job the
 * component declares is run by the Logpush emulator (which keeps its health
 * as Cloudflare does), served by the sandbox's Cloudflare API, and read back
 * through Cloudflare's official SDK over HTTP by `verify`.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import type { FirewallEventsLogpushArgs } from "../components";
import { apiJobFromInputs } from "../components/sandbox/api-job";
import { startCloudflareApi, type CloudflareApiEmulator } from "../components/sandbox/cloudflare-api";
import { componentJob } from "../components/sandbox/component-job";
import { onLocalOrigin } from "../components/sandbox/destination";
import { runLogpushJob, type EmulatorOptions } from "../components/sandbox/emulator";
import { generateRecords } from "../components/sandbox/generator";
import { JobHealthRecorder } from "../components/sandbox/job-health";
import { runPipeline } from "../components/sandbox/pipeline";
import { declaredJob } from "../components/verify/declared";
import { cloudflareClient, VerifyInputError } from "../components/verify/live-jobs";
import { renderHuman, renderJson } from "../components/verify/render";
import type { Scope } from "../components/verify/scope";
import { verify, type JobReport } from "../components/verify/verify";

const KEY = "QH6RXx8kmVq0GjHwVyUnJzY4cs2pdLoAT";
const TOKEN = "verify-e2e-token-with-logs-write";
const READ_ONLY = "verify-e2e-token-logs-read-only";
// A long answer timeout: on a loaded machine a slow answer must not become a retry these tests would count.
const FAST: EmulatorOptions = { retry: { delaysMs: [2, 4], timeoutMs: 60_000 } };
const zone = (n: number): Scope => ({ kind: "zone", id: n.toString(16).padStart(32, "0") });

type Args = Omit<FirewallEventsLogpushArgs, "intakeKey" | "zoneId">;

let api: CloudflareApiEmulator;
beforeEach(async () => {
  api = await startCloudflareApi({ [TOKEN]: { logsWrite: true }, [READ_ONLY]: { logsWrite: false } });
});
afterEach(() => api.close());

const client = (token = TOKEN) => cloudflareClient(token, api.baseURL);

/** Puts the job the component declares for `args` on the API, as `pulumi up` would leave it. */
async function deploy(scope: Scope, args: Args = {}, health?: JobHealthRecorder, key = KEY) {
  const inputs = await componentJob({ zoneId: scope.id, intakeKey: key, ...args });
  return api.addJob(scope, apiJobFromInputs(inputs), health?.fields);
}

const declared = (scope: Scope, args: Args = {}) => declaredJob(scope, { zoneId: scope.id, ...args });

describe("verify, through Cloudflare's SDK against the sandbox's Cloudflare API", () => {
  it("a healthy job: delivered through the pipeline, no drift, exit-0 report with the key masked", async () => {
    const scope = zone(1);
    const health = new JobHealthRecorder(true);
    const run = await runPipeline({
      args: { zoneId: scope.id },
      records: [...generateRecords(500, { seed: 2 })],
      intakeKey: KEY,
      emulator: { ...FAST, health },
    });
    expect(run.report.delivered).toBe(500);
    api.addJob(scope, apiJobFromInputs(run.declared), health.fields);

    const report = await verify({ declared: [declared(scope)], client: client(), expectedKey: KEY });
    expect(report.ok).toBe(true);
    expect(report.jobs).toHaveLength(1);
    const [job] = report.jobs;
    expect(job).toMatchObject({ role: "managed", ok: true, drift: [], health: [], jobId: 1 });
    expect(job.lastComplete).toBe(health.fields.last_complete);
    expect(job.destination).toEqual({
      endpoint: "https://intake.sekoia.io/plain/batch",
      region: "FRA1",
      key: "QH6R…(33 chars)",
    });
    const text = renderHuman(report, false);
    expect(text.split("\n")[0]).toMatch(
      /^OK\s+zone 0+1\s+job 1 "sekoia-firewall-events-0+1"\s+FRA1, key QH6R…\(33 chars\) \| last push /,
    );
    expect(text).toMatch(/1 declared job checked at .*: all well\./);
    for (const out of [text, renderJson(report)]) expect(out).not.toContain(KEY);
  });

  describe("drift in each declared setting, each on its own zone, in one pass", () => {
    // [setting, what the stack declares, what the live job was deployed with, or a change to the API's job]
    const cases: Array<[string, Args, Args | ((j: ReturnType<typeof apiJobFromInputs>) => void)]> = [
      ["dataset", {}, (j) => void (j.dataset = "http_requests")],
      ["enabled", {}, { enabled: false }],
      ["fields", { fields: ["RayID", "Datetime", "Action"] }, { fields: ["RayID", "Action", "Datetime"] }],
      ["timestampFormat", {}, { timestampFormat: "unixnano" }],
      ["maxUploadBytes", {}, { maxUploadBytes: 10_000_000 }],
      ["maxUploadRecords", {}, { maxUploadRecords: 5_000 }],
      ["maxUploadIntervalSeconds", { maxUploadIntervalSeconds: 30 }, { maxUploadIntervalSeconds: 300 }],
      ["sampleRate", {}, { sampleRate: 0.1 }],
      ["filter", {}, { filter: { where: { key: "ClientCountry", operator: "eq", value: "fr" } } }],
      ["region", {}, { region: "FRA2" }],
      ["outputType", {}, (j) => void (j.output_options.output_type = "csv")],
    ];

    it("reports exactly the drifted setting on each zone, and the summary counts them", async () => {
      const all: ReturnType<typeof declared>[] = [];
      for (const [i, [, stack, live]] of cases.entries()) {
        const scope = zone(100 + i);
        if (typeof live === "function") {
          const job = apiJobFromInputs(await componentJob({ zoneId: scope.id, intakeKey: KEY, ...stack }));
          live(job);
          api.addJob(scope, job, {
            enabled: job.enabled,
            last_complete: new Date().toISOString(),
            last_error: null,
            error_message: null,
          });
        } else {
          const health = new JobHealthRecorder(live.enabled ?? true);
          health.delivered();
          await deploy(scope, { ...stack, ...live }, health);
        }
        all.push(declared(scope, stack));
      }
      const report = await verify({ declared: all, client: client() });
      expect(report.ok).toBe(false);
      const bySetting = report.jobs.map((j: JobReport) => j.drift.map((d) => d.setting));
      expect(bySetting).toEqual(cases.map(([setting]) => [setting]));
      const text = renderHuman(report, false);
      expect(text).toMatch(/^PROBLEM .* drift: timestampFormat "rfc3339" → "unixnano"/m);
      expect(text).toMatch(
        /drift: region https:\/\/intake\.sekoia\.io\/plain\/batch → https:\/\/intake\.fra2\.sekoia\.io/,
      );
      expect(text).toMatch(new RegExp(`${cases.length} declared jobs checked at .*: ${cases.length} problems\\.`));
      expect(text).not.toContain(KEY);
    });

    it("a key other than SEKOIA_INTAKE_KEY is drift, shown without either key", async () => {
      const scope = zone(200);
      await deploy(scope, {}, undefined, "AnotherIntakeKey0123456789abcdef");
      const report = await verify({ declared: [declared(scope)], client: client(), expectedKey: KEY });
      expect(report.jobs[0].drift).toEqual([
        { setting: "intakeKey", declared: "the key in SEKOIA_INTAKE_KEY", live: "another key" },
      ]);
      const out = renderHuman(report, false) + renderJson(report);
      expect(out).not.toContain(KEY);
      expect(out).not.toContain("AnotherIntakeKey0123456789abcdef");
    });
  });

  it("a failing intake: Cloudflare's error message shown, then the job disabled after a run of failures", async () => {
    // Accepts the validation upload (so the job is created), then answers 503 to every batch.
    let requests = 0;
    const failing = http.createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        res.writeHead(++requests === 1 ? 200 : 503).end(requests === 1 ? "" : "intake unavailable");
      });
    });
    await new Promise<void>((r) => failing.listen(0, "127.0.0.1", r));
    const origin = `http://127.0.0.1:${(failing.address() as AddressInfo).port}`;
    try {
      const scope = zone(300);
      const health = new JobHealthRecorder(true, 3);
      const inputs = await componentJob({ zoneId: scope.id, intakeKey: KEY });
      api.addJob(scope, apiJobFromInputs(inputs), health.fields);
      const job = { ...inputs, destinationConf: onLocalOrigin(inputs.destinationConf, origin) };

      // One batch given up on: the job is failing, still enabled.
      await runLogpushJob(job, [...generateRecords(1000, { seed: 4 })], { ...FAST, health });
      let report = await verify({ declared: [declared(scope)], client: client() });
      expect(report.ok).toBe(false);
      expect(report.jobs[0].health).toEqual([
        expect.objectContaining({
          check: "failing",
          message: expect.stringMatching(/never pushed: HTTP 503: intake unavailable$/),
        }),
      ]);
      expect(renderHuman(report, false)).toMatch(/^PROBLEM .*failing since .*HTTP 503: intake unavailable/m);

      // Two more: three dropped batches in a row, and the sandbox disables it as Cloudflare would after a day.
      requests = 0; // a new run of the emulator re-validates the destination first
      // One upload at a time, so the third batch comes after the job is disabled and is not sent.
      const second = await runLogpushJob(job, [...generateRecords(3000, { seed: 5 })], {
        ...FAST,
        health,
        concurrency: 1,
      });
      expect(second.enabled).toBe(false);
      expect(second.drops.map((d) => d.reason)).toEqual([
        "HTTP 503: intake unavailable",
        "HTTP 503: intake unavailable",
        "job disabled",
      ]);
      report = await verify({ declared: [declared(scope)], client: client() });
      expect(report.jobs[0].health.map((h) => h.check)).toEqual(["disabled"]);
      expect(report.jobs[0].drift).toEqual([{ setting: "enabled", declared: "true", live: "false" }]);
      expect(renderHuman(report, false)).toMatch(
        /disabled by Cloudflare after failing uploads \(last error .*HTTP 503: intake unavailable\)/,
      );
    } finally {
      await new Promise((r) => failing.close(r));
    }
  });

  it("a second job to the same SEKOIA intake is double ingestion; a job elsewhere is listed, not failed", async () => {
    const scope = zone(400);
    const health = new JobHealthRecorder(true);
    health.delivered();
    await deploy(scope, {}, health);
    const second = apiJobFromInputs(await componentJob({ zoneId: scope.id, intakeKey: KEY }));
    api.addJob(scope, { ...second, name: "added-by-hand" }, { ...health.fields });
    api.addJob(scope, { ...second, name: "to-s3", destination_conf: "s3://bucket/logs?region=eu-west-1" });

    const report = await verify({ declared: [declared(scope)], client: client() });
    expect(report.jobs.map((j) => [j.role, j.ok, j.jobId])).toEqual([
      ["managed", true, 1],
      ["double-ingestion", false, 2],
      ["unmanaged", true, 3],
    ]);
    expect(report.ok).toBe(false);
    const lines = renderHuman(report, false).split("\n");
    expect(lines[1]).toMatch(
      /^DOUBLE\s+zone 0+190\s+job 2 "added-by-hand"\s+also pushes firewall_events to SEKOIA .*ingested twice/,
    );
    expect(lines[2]).toMatch(/^OTHER\s+.*job 3 "to-s3"\s+not managed by this stack; pushes to s3:\/\/bucket\/logs/);
  });

  it("a stack job that is not on the zone is reported missing", async () => {
    const scope = zone(500);
    api.addScope(scope);
    const report = await verify({ declared: [declared(scope)], client: client() });
    expect(report.jobs).toEqual([expect.objectContaining({ role: "missing", ok: false })]);
    expect(renderHuman(report, false)).toMatch(/^MISSING .*run pulumi up/m);
  });

  describe("credential and selection errors (exit 2): the token never printed", () => {
    const attempt = async (token: string, scope: Scope) => {
      const error = await verify({ declared: [declared(scope)], client: client(token) }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(VerifyInputError);
      expect((error as Error).message).not.toContain(token);
      return (error as Error).message;
    };
    beforeEach(() => api.addScope(zone(600)));

    it("an unknown token: 401, and the permission it needs", async () => {
      expect(await attempt("not-a-token-cloudflare-knows", zone(600))).toMatch(
        /Cloudflare refused the token for zone 0+258 \(HTTP 401: Authentication error \[10000\]\)\. CLOUDFLARE_API_TOKEN needs Logs Write/,
      );
    });
    it("a token without Logs Write (even to read): 403", async () => {
      expect(await attempt(READ_ONLY, zone(600))).toMatch(/HTTP 403: Authentication error \[10000\].*needs Logs Write/);
    });
    it("an unknown zone: 404, with Cloudflare's words", async () => {
      expect(await attempt(TOKEN, zone(601))).toMatch(
        /Cloudflare has no zone 0+259 \(HTTP 404: Could not route to .*perhaps your object identifier is invalid\? \[7003\]\)/,
      );
    });
  });
});
