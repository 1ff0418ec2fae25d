import * as pulumi from "@pulumi/pulumi";
import {
  API_TOKEN,
  DATASET_FIELDS,
  GROUPS,
  LOGPUSH_JOB,
  PERMISSION_GROUPS,
  RANDOM_ID,
  installMocks,
  settle,
  valueOf,
  type MockState,
} from "../components/testing/mocks";
import { FirewallEventsLogpush, GUIDE_FIELDS, type FirewallEventsLogpushArgs } from "../components";

const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";
const KEY = "QH6RXx8kmVq0GjHwVyUnJzY4cs2pdLoAT"; // 33 letters and digits, like SEKOIA's public example

let mocks: MockState;
beforeEach(() => {
  mocks = installMocks();
});

async function deploy(extra: Partial<FirewallEventsLogpushArgs> = {}, name = "site") {
  const c = new FirewallEventsLogpush(name, { zoneId: ZONE, intakeKey: KEY, ...extra });
  await settle([c.job, c.apiToken]);
  const [job] = mocks.byType(LOGPUSH_JOB).filter((r) => r.name === `${name}-job`);
  const [token] = mocks.byType(API_TOKEN).filter((r) => r.name === `${name}-token`);
  return { c, job, token };
}

describe("the Logpush job with the guide's defaults", () => {
  it("gets exactly the guide's settings, with the provider's traps set explicitly", async () => {
    const { job } = await deploy();
    expect(job.inputs).toEqual({
      zoneId: ZONE,
      dataset: "firewall_events",
      enabled: true,
      name: `sekoia-firewall-events-${ZONE}`,
      destinationConf: `https://intake.sekoia.io/plain/batch?header_X-SEKOIAIO-INTAKE-KEY=${KEY}`,
      outputOptions: { outputType: "ndjson", fieldNames: [...GUIDE_FIELDS], timestampFormat: "rfc3339" },
      maxUploadBytes: 5000000,
      maxUploadRecords: 1000,
    });
  });

  it("never sends the deprecated logpullOptions/frequency nor an ownership challenge", async () => {
    const { job } = await deploy();
    for (const key of ["logpullOptions", "frequency", "ownershipChallenge", "accountId"])
      expect(job.inputs).not.toHaveProperty(key);
  });

  it("exposes the job ID as an output", async () => {
    const { c } = await deploy();
    expect(await valueOf(c.jobId)).toBe("101");
  });
});

describe("each job option reaches the job", () => {
  it.each([
    ["FRA2", "https://intake.fra2.sekoia.io/api/v1/intake-http/plain/batch"],
    ["MCO1", "https://intake.mco1.sekoia.io/api/v1/intake-http/plain/batch"],
    ["UAE1", "https://intake.uae1.sekoia.io/api/v1/intake-http/plain/batch"],
    ["USA1", "https://intake.usa1.sekoia.io/api/v1/intake-http/plain/batch"],
  ] as const)("region %s sends to %s", async (region, url) => {
    const { job } = await deploy({ region });
    expect(job.inputs.destinationConf).toBe(`${url}?header_X-SEKOIAIO-INTAKE-KEY=${KEY}`);
  });

  it("URL-encodes a key with characters that are legal but not URL-safe", async () => {
    const { job } = await deploy({ intakeKey: "ab+c:d@é" });
    expect(job.inputs.destinationConf).toBe(
      "https://intake.sekoia.io/plain/batch?header_X-SEKOIAIO-INTAKE-KEY=ab%2Bc%3Ad%40%C3%A9",
    );
  });

  it("sends the chosen fields in the chosen order", async () => {
    const { job } = await deploy({ fields: ["RayID", "Datetime", "Action", "ClientIP"] });
    expect(job.inputs.outputOptions.fieldNames).toEqual(["RayID", "Datetime", "Action", "ClientIP"]);
  });

  it.each(["unixnano", "unix", "rfc3339ms", "rfc3339ns"] as const)("timestampFormat %s", async (timestampFormat) => {
    const { job } = await deploy({ timestampFormat });
    expect(job.inputs.outputOptions.timestampFormat).toBe(timestampFormat);
  });

  it("upload limits, interval and sample rate", async () => {
    const { job } = await deploy({
      maxUploadBytes: 0,
      maxUploadRecords: 250000,
      maxUploadIntervalSeconds: 60,
      sampleRate: 0.25,
    });
    expect(job.inputs).toMatchObject({ maxUploadBytes: 0, maxUploadRecords: 250000, maxUploadIntervalSeconds: 60 });
    expect(job.inputs.outputOptions.sampleRate).toBe(0.25);
  });

  it("a filter is sent as canonical JSON, whatever the key order it was written in", async () => {
    const { job } = await deploy({
      filter: {
        where: {
          and: [
            { value: "/api/", operator: "startsWith", key: "ClientRequestPath" },
            { operator: "in", key: "ClientCountry", value: ["fr", "de"] },
          ],
        },
      },
    });
    expect(job.inputs.filter).toBe(
      '{"where":{"and":[{"key":"ClientRequestPath","operator":"startsWith","value":"/api/"},{"key":"ClientCountry","operator":"in","value":["fr","de"]}]}}',
    );
  });

  it("enabled: false and a job name", async () => {
    const { job } = await deploy({ enabled: false, jobName: "example.com" });
    expect(job.inputs).toMatchObject({ enabled: false, name: "example.com" });
  });

  it("validateFieldsAgainstZone asks the zone for its fields and keeps the selection", async () => {
    mocks.liveFields = Object.fromEntries(GUIDE_FIELDS.map((f) => [f, "documented"]));
    const { job } = await deploy({ validateFieldsAgainstZone: true });
    expect(mocks.invokes.filter((i) => i.token === DATASET_FIELDS).map((i) => i.args)).toEqual([
      { zoneId: ZONE, datasetId: "firewall_events" },
    ]);
    expect(job.inputs.outputOptions.fieldNames).toEqual([...GUIDE_FIELDS]);
  });

  it("does not ask the zone for its fields by default", async () => {
    await deploy();
    expect(mocks.invokeCount(DATASET_FIELDS)).toBe(0);
  });
});

describe("secrets", () => {
  it("the destination is a secret input of the job and a secret output", async () => {
    const { c, job } = await deploy();
    expect(job.secretPaths).toContain("destinationConf");
    expect(await pulumi.isSecret(c.destination)).toBe(true);
  });

  it("the token value is a secret output", async () => {
    const { c } = await deploy();
    expect(await pulumi.isSecret(c.apiTokenValue!)).toBe(true);
    expect(await valueOf(c.apiTokenValue!)).toBe("token-value-site-token");
  });

  it("the intake key appears in no input that is not secret, on any resource", async () => {
    await deploy({ apiToken: { rotation: "r1" } });
    for (const r of mocks.resources) {
      const visible = JSON.parse(JSON.stringify(r.inputs));
      for (const path of r.secretPaths) delete visible[path.split(".")[0]];
      expect(JSON.stringify(visible)).not.toContain(KEY);
    }
  });

  it("stays secret when the key is given as a secret Output", async () => {
    const { c, job } = await deploy({ intakeKey: pulumi.secret(KEY) });
    expect(job.secretPaths).toContain("destinationConf");
    expect(await pulumi.isSecret(c.destination)).toBe(true);
  });
});

describe("the API token", () => {
  it("has the guide's read-only scope on this zone only, groups sorted by ID", async () => {
    const { token } = await deploy();
    expect(token.inputs).toEqual({
      name: `sekoia-logpush-${ZONE}-5eca1f00`,
      policies: [
        {
          effect: "allow",
          permissionGroups: [{ id: GROUPS.analyticsRead }, { id: GROUPS.logsRead }],
          resources: JSON.stringify({ [`com.cloudflare.api.account.zone.${ZONE}`]: "*" }),
        },
      ],
    });
  });

  it("never picks the account-scoped groups of the same names", async () => {
    const { token } = await deploy();
    expect(JSON.stringify(token.inputs)).not.toMatch(/aaaa|bbbb/);
  });

  it("takes an expiry, an IP allow-list (sorted) and custom permissions", async () => {
    const { token } = await deploy({
      apiToken: {
        expiresOn: "2027-01-31T00:00:00Z",
        allowedIpRanges: ["198.51.100.0/24", "192.0.2.1"],
        permissions: ["Zone Read", "Logs Read"],
        name: "ops",
      },
    });
    expect(token.inputs.expiresOn).toBe("2027-01-31T00:00:00Z");
    expect(token.inputs.condition).toEqual({ requestIp: { ins: ["192.0.2.1", "198.51.100.0/24"] } });
    expect(token.inputs.policies[0].permissionGroups).toEqual([{ id: GROUPS.logsRead }, { id: GROUPS.zoneRead }]);
    expect(token.inputs.name).toBe("ops-5eca1f00");
  });

  it("keys its random suffix on the zone and the rotation value, and is replaced when its name changes", async () => {
    await deploy({ apiToken: { rotation: "2026-11" } });
    const [suffix] = mocks.byType(RANDOM_ID);
    expect(suffix.inputs).toEqual({ byteLength: 4, keepers: { zoneId: ZONE, rotation: "2026-11" } });
  });

  it("create: false makes no token, no suffix and no lookup", async () => {
    const { c } = await deploy({ apiToken: { create: false } });
    expect(c.apiToken).toBeUndefined();
    expect(c.apiTokenValue).toBeUndefined();
    expect(mocks.byType(API_TOKEN)).toHaveLength(0);
    expect(mocks.byType(RANDOM_ID)).toHaveLength(0);
    expect(mocks.invokeCount(PERMISSION_GROUPS)).toBe(0);
  });

  it("every child is parented to the component", async () => {
    const { c } = await deploy();
    const parentType = "cloudflare-sekoia-logpush:index:FirewallEventsLogpush$";
    for (const child of [c.job, c.apiToken!]) expect(await valueOf(child.urn)).toContain(parentType);
    expect(mocks.resources.map((r) => r.name).sort()).toEqual(["site", "site-job", "site-token", "site-token-suffix"]);
  });
});
