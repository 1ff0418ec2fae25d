import { GUIDE_FIELDS } from "../components";
import { declaredJob, type DeclaredJob } from "../components/verify/declared";
import { compareIntakeKey, compareJob } from "../components/verify/drift";
import type { LiveJob } from "../components/verify/live-jobs";

const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";
const KEY = "QH6RXx8kmVq0GjHwVyUnJzY4cs2pdLoAT";
const declared: DeclaredJob = declaredJob({ kind: "zone", id: ZONE }, { zoneId: ZONE, maxUploadIntervalSeconds: 30 });

/** The job `pulumi up` makes from the defaults, as the API returns it. */
function liveJob(change: Partial<LiveJob> = {}, options: Partial<LiveJob["output_options"]> = {}): LiveJob {
  return {
    id: 7,
    name: `sekoia-firewall-events-${ZONE}`,
    dataset: "firewall_events",
    enabled: true,
    destination_conf: `https://intake.sekoia.io/plain/batch?header_X-SEKOIAIO-INTAKE-KEY=${KEY}`,
    output_options: {
      field_names: [...GUIDE_FIELDS],
      timestamp_format: "rfc3339",
      output_type: "ndjson",
      sample_rate: null,
      ...options,
    },
    max_upload_bytes: 5_000_000,
    max_upload_records: 1_000,
    max_upload_interval_seconds: 30,
    filter: null,
    last_complete: null,
    last_error: null,
    error_message: null,
    ...change,
  };
}

describe("drift: each declared setting against the live job", () => {
  it("finds none when the live job is what the component declares", () => {
    expect(compareJob(declared, liveJob())).toEqual([]);
  });

  // Each row changes one live setting; exactly that setting is reported.
  const cases: Array<[string, LiveJob, RegExp, RegExp]> = [
    ["dataset", liveJob({ dataset: "http_requests" }), /firewall_events/, /http_requests/],
    ["enabled", liveJob({ enabled: false }), /true/, /false/],
    [
      "fields",
      liveJob({}, { field_names: GUIDE_FIELDS.filter((f) => f !== "ClientIP") }),
      /ClientIP/,
      /missing ClientIP/,
    ],
    ["fields", liveJob({}, { field_names: [...GUIDE_FIELDS, "ZoneName"] }), /28 fields/, /extra ZoneName/],
    [
      "fields",
      liveJob({}, { field_names: [GUIDE_FIELDS[1], GUIDE_FIELDS[0], ...GUIDE_FIELDS.slice(2)] }),
      /position 1/,
      /another order/,
    ],
    ["outputType", liveJob({}, { output_type: "csv" }), /ndjson/, /csv/],
    ["timestampFormat", liveJob({}, { timestamp_format: "unix" }), /rfc3339/, /unix/],
    // Unset: Cloudflare's API default, unixnano (the package declares rfc3339).
    ["timestampFormat", liveJob({}, { timestamp_format: null }), /rfc3339/, /unixnano/],
    ["maxUploadBytes", liveJob({ max_upload_bytes: 0 }), /5000000/, /^0$/],
    ["maxUploadRecords", liveJob({ max_upload_records: 2000 }), /1000/, /2000/],
    ["maxUploadIntervalSeconds", liveJob({ max_upload_interval_seconds: 300 }), /30/, /300/],
    ["sampleRate", liveJob({}, { sample_rate: 0.5 }), /^1$/, /0.5/],
    [
      "filter",
      liveJob({ filter: '{"where":{"key":"ClientCountry","operator":"eq","value":"fr"}}' }),
      /none/,
      /ClientCountry/,
    ],
    [
      "region",
      liveJob({
        destination_conf: `https://intake.usa1.sekoia.io/api/v1/intake-http/plain/batch?header_X-SEKOIAIO-INTAKE-KEY=${KEY}`,
      }),
      /intake\.sekoia\.io/,
      /usa1/,
    ],
    [
      "region",
      liveJob({ destination_conf: `https://collector.example.net/ingest?header_X-SEKOIAIO-INTAKE-KEY=${KEY}` }),
      /intake\.sekoia\.io/,
      /collector\.example\.net/,
    ],
    ["jobName", liveJob({ name: "renamed" }), /sekoia-firewall-events/, /renamed/],
  ];
  it.each(cases)("reports %s, and only it", (setting, live, declaredShown, liveShown) => {
    const drift = compareJob(declared, live);
    expect(drift.map((d) => d.setting)).toEqual([setting]);
    expect(drift[0].declared).toMatch(declaredShown);
    expect(drift[0].live).toMatch(liveShown);
  });

  it("never shows the intake key, whatever drifted", () => {
    const live = liveJob({ destination_conf: `https://collector.example.net/x?header_X-SEKOIAIO-INTAKE-KEY=${KEY}` });
    expect(JSON.stringify(compareJob(declared, live))).not.toContain(KEY);
  });

  it("reads an unset sample rate as Cloudflare's default 1, and a filter by its meaning, not its spacing", () => {
    const filtered = declaredJob(
      { kind: "zone", id: ZONE },
      {
        zoneId: ZONE,
        maxUploadIntervalSeconds: 30,
        sampleRate: 1,
        filter: { where: { key: "ClientCountry", operator: "eq", value: "fr" } },
      },
    );
    const live = liveJob(
      { filter: '{ "where": { "key": "ClientCountry", "operator": "eq", "value": "fr" } }' },
      { sample_rate: 1 },
    );
    expect(compareJob(filtered, live)).toEqual([]);
  });

  it("leaves the upload interval alone when the stack sets none (Cloudflare keeps its own)", () => {
    const plain = declaredJob({ kind: "zone", id: ZONE }, { zoneId: ZONE });
    expect(compareJob(plain, liveJob({ max_upload_interval_seconds: 300 }))).toEqual([]);
  });
});

describe("the intake key: compared only when given, never shown", () => {
  it("is not compared without an expected key", () => {
    expect(compareIntakeKey(liveJob(), undefined)).toEqual([]);
  });
  it("matches the expected key", () => {
    expect(compareIntakeKey(liveJob(), KEY)).toEqual([]);
  });
  it("says another key is set, without either key", () => {
    const drift = compareIntakeKey(liveJob(), "AnotherKeyAltogether1234567890ab");
    expect(drift).toEqual([{ setting: "intakeKey", declared: "the key in SEKOIA_INTAKE_KEY", live: "another key" }]);
    expect(JSON.stringify(drift)).not.toMatch(/QH6R|AnotherKey/);
  });
  it("says when the destination carries no key", () => {
    const live = liveJob({ destination_conf: "https://intake.sekoia.io/plain/batch" });
    expect(compareIntakeKey(live, KEY)[0].live).toBe("no key in the destination");
  });
});
