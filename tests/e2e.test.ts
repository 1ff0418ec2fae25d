/**
 * End to end, on loopback with real HTTP and real gzip: the LogpushJob inputs
 * the component produces (under Pulumi mocks) drive the Logpush emulator,
 * which delivers to the local SEKOIA intake, which normalises into ECS.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  GUIDE_FIELDS,
  type FirewallEventsField,
  type FirewallEventsLogpushArgs,
  type LogpushFilter,
} from "../components";
import { componentJob } from "../components/sandbox/component-job";
import { onLocalOrigin } from "../components/sandbox/destination";
import { DestinationValidationError, runLogpushJob, type EmulatorOptions } from "../components/sandbox/emulator";
import { compileFilter } from "../components/sandbox/filter-eval";
import { ACCOUNT_ZONES, generateRecords, type GeneratedRecord } from "../components/sandbox/generator";
import { startIntake, type BatchSummary, type LocalIntake } from "../components/sandbox/intake-server";
import type { LogpushJobInputs } from "../components/sandbox/logpush-job";
import { formatDatetime } from "../components/normaliser/timestamp";

const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";
const KEY = "QH6RXx8kmVq0GjHwVyUnJzY4cs2pdLoAT";
/**
 * Fast retries: the schedule's shape, in milliseconds instead of minutes. The answer timeout stays long:
 * a batch is normalised and synced before the intake answers, and a loaded CI machine must not turn a
 * slow answer into a retry (and a duplicate) that these tests would count.
 */
const FAST: EmulatorOptions = { retry: { delaysMs: [5, 10, 20, 40, 80], timeoutMs: 60_000 } };

/** The LogpushJob inputs the component declares for these arguments (under Pulumi's mocks, secrets unwrapped). */
const jobFor = (extra: Partial<FirewallEventsLogpushArgs> = {}, intakeKey = KEY): Promise<LogpushJobInputs> =>
  componentJob({ zoneId: ZONE, intakeKey, ...extra });

interface Received {
  intake: LocalIntake;
  lines: string[];
  batches: BatchSummary[];
  ecsFile: string;
}

async function intakeFor(key = KEY, onBatch?: (b: BatchSummary, intake: LocalIntake) => void): Promise<Received> {
  const lines: string[] = [];
  const batches: BatchSummary[] = [];
  const ecsFile = join(mkdtempSync(join(tmpdir(), "e2e-")), "ecs.ndjson");
  const self: { intake?: LocalIntake } = {}; // the callback needs the intake that calls it
  const intake = await startIntake({
    intakeKey: key,
    ecsFile,
    onEvent: (line) => lines.push(line),
    onBatch: (b) => {
      if (!b.validation) batches.push(b);
      onBatch?.(b, self.intake!);
    },
  });
  self.intake = intake;
  return { intake, lines, batches, ecsFile };
}

/** The component's job, pointed at the local intake (same path and header_ parameter). */
const local = (job: LogpushJobInputs, intake: LocalIntake): LogpushJobInputs => ({
  ...job,
  destinationConf: onLocalOrigin(job.destinationConf, intake.origin),
});

const open: LocalIntake[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((i) => i.close()));
});

async function deliver(
  extra: Partial<FirewallEventsLogpushArgs>,
  records: GeneratedRecord[],
  options: EmulatorOptions = FAST,
) {
  const job = await jobFor(extra);
  const r = await intakeFor();
  open.push(r.intake);
  const report = await runLogpushJob(local(job, r.intake), records, options);
  await r.intake.close();
  return { job, report, ...r, parsed: r.lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const rayIds = (rows: ReadonlyArray<Record<string, unknown>>) => rows.map((r) => r.RayID as string).sort();

describe("the guide's job, end to end", () => {
  const records = [...generateRecords(2500, { seed: 7 })];

  it("delivers every event once, with exactly the guide's 28 fields in order and rfc3339 Datetime", async () => {
    const { parsed, report, batches, intake, ecsFile } = await deliver({}, records);
    expect(parsed).toHaveLength(records.length);
    expect(rayIds(parsed)).toEqual(rayIds(records));
    for (const event of parsed) expect(Object.keys(event)).toEqual([...GUIDE_FIELDS]);
    const byRay = new Map(records.map((r) => [r.RayID, r]));
    for (const event of parsed) {
      expect(event.Datetime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(JSON.stringify(event.Datetime)).toBe(
        formatDatetime(byRay.get(event.RayID as string)!.Datetime as bigint, "rfc3339"),
      );
    }
    // maxUploadRecords 1000: closed at the limit, the rest in the last batch.
    expect(batches.map((b) => b.accepted).sort((a, b) => b - a)).toEqual([1000, 1000, 500]);
    expect(report).toMatchObject({ records: 2500, delivered: 2500, dropped: 0, batches: 3, retries: 0 });
    expect(intake.stats).toMatchObject({ validations: 1, accepted: 2500, normalised: 2500, refused: 0 });
    const ecs = readFileSync(ecsFile, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(ecs).toHaveLength(2500);
    expect(ecs.map((e) => e.cloudflare.RayID).sort()).toEqual(rayIds(records));
  });
});

describe("each setting the component takes reaches what the intake receives", () => {
  const records = [...generateRecords(300, { seed: 3 })];

  it("only the chosen fields, in the chosen order, including fields outside the guide's list", async () => {
    const fields: FirewallEventsField[] = [
      "RayID",
      "Datetime",
      "Action",
      "ClientIP",
      "Description",
      "WAFRequestSignatureCategories",
    ];
    const { parsed } = await deliver({ fields }, records);
    expect(parsed).toHaveLength(records.length);
    for (const event of parsed) expect(Object.keys(event)).toEqual(fields);
  });

  it.each([
    ["unixnano", /^"?\d{19}"?$/],
    ["unix", /^\d{10}$/],
    ["rfc3339", /^"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"$/],
    ["rfc3339ms", /^"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"$/],
    ["rfc3339ns", /^"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z"$/],
  ] as const)("Datetime in %s, the event's own time", async (timestampFormat, shape) => {
    const { lines } = await deliver({ timestampFormat, fields: ["RayID", "Datetime"] }, records);
    const byRay = new Map(records.map((r) => [r.RayID, r.Datetime as bigint]));
    for (const line of lines) {
      const m = /^\{"RayID":"([0-9a-f]{16})","Datetime":(.*)\}$/.exec(line);
      expect(m).not.toBeNull();
      expect(m![2]).toMatch(shape);
      // Compared as written on the wire: unixnano is above 2^53, JSON.parse would round it.
      expect(m![2]).toBe(formatDatetime(byRay.get(m![1])!, timestampFormat as "unix"));
    }
    expect(lines).toHaveLength(records.length);
  });

  it("a batch never exceeds maxUploadBytes (uncompressed), and nothing is lost across the cut", async () => {
    const many = [...generateRecords(8000, { seed: 11 })];
    const { parsed, batches } = await deliver({ maxUploadBytes: 5_000_000, maxUploadRecords: 0 }, many, FAST);
    expect(batches.length).toBeGreaterThanOrEqual(2);
    for (const b of batches) expect(b.bytes.decompressed).toBeLessThanOrEqual(5_000_000);
    expect(rayIds(parsed)).toEqual(rayIds(many));
  });

  it("maxUploadIntervalSeconds closes batches by event time", async () => {
    // 20 events/s of event time: a 30-second window holds about 600.
    const { batches, parsed } = await deliver({ maxUploadIntervalSeconds: 30, maxUploadRecords: 0 }, [
      ...generateRecords(3000, { seed: 5 }),
    ]);
    expect(batches.length).toBeGreaterThanOrEqual(4);
    expect(parsed).toHaveLength(3000);
  });

  it("sampleRate sends about that share of the events, each at most once", async () => {
    const many = [...generateRecords(4000, { seed: 13 })];
    const { parsed, report } = await deliver({ sampleRate: 0.25 }, many);
    expect(parsed.length).toBeGreaterThan(800);
    expect(parsed.length).toBeLessThan(1200);
    expect(new Set(rayIds(parsed)).size).toBe(parsed.length);
    expect(report.sampledOut + parsed.length).toBe(many.length);
  });
});

describe("filters keep what Cloudflare would keep", () => {
  const records = [...generateRecords(3000, { seed: 21 })];
  const cases: Array<[string, LogpushFilter, (r: GeneratedRecord) => boolean]> = [
    [
      "status 403, written as a string as in Cloudflare's examples",
      { where: { key: "EdgeResponseStatus", operator: "eq", value: "403" } },
      (r) => r.EdgeResponseStatus === 403,
    ],
    [
      "from a list of countries, with a 4xx answer",
      {
        where: {
          and: [
            { key: "ClientCountry", operator: "in", value: ["cn", "ru"] },
            { key: "EdgeResponseStatus", operator: "geq", value: 400 },
            { key: "EdgeResponseStatus", operator: "leq", value: "499" },
          ],
        },
      },
      (r) =>
        ["cn", "ru"].includes(r.ClientCountry as string) &&
        (r.EdgeResponseStatus as number) >= 400 &&
        (r.EdgeResponseStatus as number) <= 499,
    ],
    [
      "probes for WordPress or dotfiles, not from the US",
      {
        where: {
          and: [
            {
              or: [
                { key: "ClientRequestPath", operator: "startsWith", value: "/wp-" },
                { key: "ClientRequestPath", operator: "startsWith", value: "/." },
              ],
            },
            { key: "ClientCountry", operator: "!eq", value: "us" },
          ],
        },
      },
      (r) => /^\/(wp-|\.)/.test(r.ClientRequestPath as string) && r.ClientCountry !== "us",
    ],
    [
      "user agent does not contain Mozilla",
      { where: { key: "ClientRequestUserAgent", operator: "!contains", value: "Mozilla" } },
      (r) => !(r.ClientRequestUserAgent as string).includes("Mozilla"),
    ],
    [
      "host ends with api.example.com",
      { where: { key: "ClientRequestHost", operator: "endsWith", value: "api.example.com" } },
      (r) => (r.ClientRequestHost as string).endsWith("api.example.com"),
    ],
    [
      "status not in 200, 404",
      { where: { key: "EdgeResponseStatus", operator: "!in", value: [200, 404] } },
      (r) => ![200, 404].includes(r.EdgeResponseStatus as number),
    ],
  ];

  it.each(cases)("%s", async (_name, filter, expected) => {
    const { parsed, report } = await deliver({ filter, fields: ["RayID", "Action"] }, records);
    const kept = records.filter(expected);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(records.length);
    expect(rayIds(parsed)).toEqual(rayIds(kept));
    expect(report.filteredOut).toBe(records.length - kept.length);
  });

  it("a filter may read a field that is not sent", async () => {
    const { parsed } = await deliver(
      { filter: { where: { key: "ClientCountry", operator: "eq", value: "fr" } }, fields: ["RayID"] },
      records,
    );
    expect(rayIds(parsed)).toEqual(rayIds(records.filter((r) => r.ClientCountry === "fr")));
  });

  it("the component's filter JSON is what the emulator evaluates", async () => {
    const filter: LogpushFilter = { where: { key: "ClientRequestPath", operator: "startsWith", value: "/wp-" } };
    const job = await jobFor({ filter });
    const kept = records.filter(compileFilter(job.filter));
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.every((r) => (r.ClientRequestPath as string).startsWith("/wp-"))).toBe(true);
  });
});

describe("the intake refuses what SEKOIA refuses", () => {
  it("a job with a wrong key is refused at validation: nothing is sent, nothing accepted", async () => {
    const job = await jobFor({}, "SomeoneElsesKey0123456789abcdefgh");
    const r = await intakeFor(KEY);
    open.push(r.intake);
    await expect(runLogpushJob(local(job, r.intake), generateRecords(50), FAST)).rejects.toThrow(
      DestinationValidationError,
    );
    await expect(runLogpushJob(local(job, r.intake), generateRecords(50), FAST)).rejects.toThrow(/HTTP 401/);
    expect(r.intake.stats).toMatchObject({ unauthorised: 2, accepted: 0, validations: 0 });
    expect(r.lines).toHaveLength(0);
  });

  it("a destination without the key header is refused", async () => {
    const job = await jobFor();
    const r = await intakeFor(KEY);
    open.push(r.intake);
    const bare = { ...job, destinationConf: `${r.intake.origin}/plain/batch` };
    await expect(runLogpushJob(bare, generateRecords(10), FAST)).rejects.toThrow(/HTTP 401/);
    expect(r.intake.stats.accepted).toBe(0);
  });
});

describe("an intake that fails", () => {
  it("a dying intake: each later batch is retried five times, then dropped and reported", async () => {
    const records = [...generateRecords(3000, { seed: 9 })];
    const job = await jobFor();
    // The intake goes away once it has accepted its first batch.
    const r = await intakeFor(KEY, (b, intake) => {
      if (!b.validation) void intake.close();
    });
    open.push(r.intake);
    const retried: number[] = [];
    const report = await runLogpushJob(local(job, r.intake), records, {
      ...FAST,
      concurrency: 1,
      onRetry: (batch) => retried.push(batch),
    });
    expect(report.delivered).toBe(1000);
    expect(report.dropped).toBe(2000);
    expect(report.drops).toEqual([
      expect.objectContaining({ batch: 2, records: 1000, attempts: 6 }),
      expect.objectContaining({ batch: 3, records: 1000, attempts: 6 }),
    ]);
    expect(report.retries).toBe(10);
    expect(retried).toEqual([2, 2, 2, 2, 2, 3, 3, 3, 3, 3]);
    expect(rayIds(r.lines.map((l) => JSON.parse(l)))).toEqual(rayIds(records.slice(0, 1000)));
  });

  it("an intake that is down for two attempts loses nothing and duplicates nothing", async () => {
    const records = [...generateRecords(2500, { seed: 4 })];
    const job = await jobFor();
    const r = await intakeFor();
    open.push(r.intake);
    // A front that answers 503 to the 2nd and 3rd requests (the first batch's first two tries), then passes through.
    let seen = 0;
    const front = http.createServer((req, res) => {
      seen++;
      if (seen === 2 || seen === 3) {
        req.resume();
        res.writeHead(503).end("maintenance");
        return;
      }
      const upstream = http.request(
        `${r.intake.origin}${req.url}`,
        { method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => front.listen(0, "127.0.0.1", resolve));
    try {
      const origin = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
      const report = await runLogpushJob(
        { ...job, destinationConf: onLocalOrigin(job.destinationConf, origin) },
        records,
        { ...FAST, concurrency: 1 },
      );
      expect(report).toMatchObject({ delivered: 2500, dropped: 0, retries: 2 });
      expect(rayIds(r.lines.map((l) => JSON.parse(l)))).toEqual(rayIds(records));
    } finally {
      await new Promise<void>((resolve) => {
        front.close(() => resolve());
        front.closeAllConnections();
      });
    }
  });
});

describe("the account-scoped job, end to end", () => {
  const ACCOUNT = "01a7362d577a6c3019a474fd6f485823";
  const records = [...generateRecords(2500, { seed: 17, zones: ACCOUNT_ZONES })];

  async function deliverAccount(extra: Partial<FirewallEventsLogpushArgs>) {
    const job = await componentJob({ accountId: ACCOUNT, intakeKey: KEY, ...extra });
    const r = await intakeFor();
    open.push(r.intake);
    const report = await runLogpushJob(local(job, r.intake), records, FAST);
    await r.intake.close();
    return { job, report, ...r, parsed: r.lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
  }

  it("delivers every event of every zone once, with the guide's 28 fields then ZoneName, into cloudflare.ZoneName", async () => {
    const { parsed, ecsFile, report } = await deliverAccount({});
    expect(rayIds(parsed)).toEqual(rayIds(records));
    for (const event of parsed) expect(Object.keys(event)).toEqual([...GUIDE_FIELDS, "ZoneName"]);
    expect(report).toMatchObject({ records: 2500, delivered: 2500, dropped: 0 });
    const ecs = readFileSync(ecsFile, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { cloudflare: { RayID: string; ZoneName: string } });
    const zoneOf = new Map(records.map((r) => [r.RayID as string, r.ZoneName]));
    for (const e of ecs) expect(e.cloudflare.ZoneName).toBe(zoneOf.get(e.cloudflare.RayID));
    expect(new Set(ecs.map((e) => e.cloudflare.ZoneName))).toEqual(new Set(ACCOUNT_ZONES));
  });

  it.each<[string, LogpushFilter, (zone: string) => boolean]>([
    [
      "ZoneName in two zones",
      { where: { key: "ZoneName", operator: "in", value: ["example.com", "example.org"] } },
      (z) => ["example.com", "example.org"].includes(z),
    ],
    [
      "ZoneName !eq one zone",
      { where: { key: "ZoneName", operator: "!eq", value: "example.com" } },
      (z) => z !== "example.com",
    ],
    [
      "ZoneName endsWith .com",
      { where: { key: "ZoneName", operator: "endsWith", value: ".com" } },
      (z) => z.endsWith(".com"),
    ],
  ])("a filter on %s keeps exactly those zones' events", async (_what, filter, keep) => {
    const { parsed, report } = await deliverAccount({ filter, fields: ["RayID", "ZoneName"] });
    const expected = records.filter((r) => keep(r.ZoneName as string));
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(records.length);
    expect(rayIds(parsed)).toEqual(rayIds(expected));
    expect(report.filteredOut).toBe(records.length - expected.length);
  });
});
