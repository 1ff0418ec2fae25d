import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import {
  ACCOUNT_GROUPS,
  API_TOKEN,
  DATASET_FIELDS,
  LOGPUSH_JOB,
  PERMISSION_GROUPS,
  RANDOM_ID,
  installMocks,
  isSecret,
  settle,
  valueOf,
  type MockState,
} from "../components/testing/mocks";
import { FirewallEventsLogpush, GUIDE_FIELDS, type FirewallEventsLogpushArgs } from "../components";
import { resolvePermissionGroupIds } from "../components/token-scope";
import { PERMISSION_GROUP_RESULTS } from "../components/testing/mocks";

// The account-scoped firewall_events dataset (Cloudflare changelog 2026-06-30): one job for every zone of an account.
const ACCOUNT = "01a7362d577a6c3019a474fd6f485823";
const KEY = "QH6RXx8kmVq0GjHwVyUnJzY4cs2pdLoAT";

let mocks: MockState;
beforeEach(() => {
  mocks = installMocks();
});

async function deploy(extra: Partial<FirewallEventsLogpushArgs> = {}, name = "acct") {
  const c = new FirewallEventsLogpush(name, { accountId: ACCOUNT, intakeKey: KEY, ...extra });
  await settle([c.job, c.apiToken]);
  const [job] = mocks.byType(LOGPUSH_JOB).filter((r) => r.name === `${name}-job`);
  const [token] = mocks.byType(API_TOKEN).filter((r) => r.name === `${name}-token`);
  const [suffix] = mocks.byType(RANDOM_ID).filter((r) => r.name === `${name}-token-suffix`);
  return { c, job, token, suffix };
}

describe("an account-scoped job", () => {
  it("is a LogpushJob with accountId (no zoneId), the guide's settings, and the guide's 28 fields plus ZoneName", async () => {
    const { job, c } = await deploy();
    expect(job.inputs).toEqual({
      accountId: ACCOUNT,
      dataset: "firewall_events",
      enabled: true,
      name: `sekoia-firewall-events-${ACCOUNT}`,
      destinationConf: `https://intake.sekoia.io/plain/batch?header_X-SEKOIAIO-INTAKE-KEY=${KEY}`,
      outputOptions: {
        outputType: "ndjson",
        fieldNames: [...GUIDE_FIELDS, "ZoneName"],
        timestampFormat: "rfc3339",
      },
      maxUploadBytes: 5000000,
      maxUploadRecords: 1000,
    });
    expect(job.secretPaths).toContain("destinationConf");
    expect(await valueOf(c.scope)).toBe("account");
    expect(await isSecret(c.destination)).toBe(true);
    expect(await valueOf(c.jobId)).toMatch(/^\d+$/);
  });

  it("takes the same options as a zone job: fields (ZoneName anywhere), filter on ZoneName, limits, name", async () => {
    const { job } = await deploy({
      fields: ["ZoneName", "RayID", "Action"],
      filter: { where: { key: "ZoneName", operator: "in", value: ["example.com", "example.org"] } },
      maxUploadIntervalSeconds: 30,
      jobName: "all-zones",
      region: "FRA2",
    });
    expect(job.inputs.outputOptions.fieldNames).toEqual(["ZoneName", "RayID", "Action"]);
    expect(job.inputs.filter).toBe(
      '{"where":{"key":"ZoneName","operator":"in","value":["example.com","example.org"]}}',
    );
    expect(job.inputs.maxUploadIntervalSeconds).toBe(30);
    expect(job.inputs.name).toBe("all-zones");
    expect(job.inputs.destinationConf).toMatch(/^https:\/\/intake\.fra2\.sekoia\.io\//);
  });

  it("asks the account (not a zone) for its fields when validateFieldsAgainstZone is set", async () => {
    mocks.liveFields = { RayID: "", ZoneName: "" };
    await deploy({ fields: ["RayID", "ZoneName"], validateFieldsAgainstZone: true });
    const call = mocks.invokes.find((i) => i.token === DATASET_FIELDS);
    expect(call?.args).toEqual({ accountId: ACCOUNT, datasetId: "firewall_events" });
  });

  it("checks an accountId given as an Output once it resolves", async () => {
    const c = new FirewallEventsLogpush("late", { accountId: pulumi.output(ACCOUNT), intakeKey: KEY });
    await settle([c.job]);
    expect(mocks.byType(LOGPUSH_JOB).find((r) => r.name === "late-job")?.inputs.accountId).toBe(ACCOUNT);
  });
});

describe("the account-scoped API token", () => {
  it("is read-only on this account alone: com.cloudflare.api.account.<ID> → *, account groups, sorted by ID", async () => {
    const { token } = await deploy();
    expect(token.inputs.policies).toEqual([
      {
        effect: "allow",
        permissionGroups: [{ id: ACCOUNT_GROUPS.logsRead }, { id: ACCOUNT_GROUPS.accountAnalyticsRead }],
        resources: JSON.stringify({ [`com.cloudflare.api.account.${ACCOUNT}`]: "*" }),
      },
    ]);
    expect(token.inputs.name).toBe(`sekoia-logpush-account-${ACCOUNT}-5eca1f00`);
  });

  it("looks the groups up at account scope, once per program and provider however many account jobs", async () => {
    // A provider of its own, so that this program's cache starts empty for it.
    const provider = new cloudflare.Provider("acct-provider", { apiToken: "x" });
    const comps = [1, 2, 3].map(
      (i) => new FirewallEventsLogpush(`many-${i}`, { accountId: `${i}`.repeat(32), intakeKey: KEY }, { provider }),
    );
    comps.push(
      new FirewallEventsLogpush(
        "one-zone",
        { zoneId: "023e105f4ecef8ad9ca31a8372d0c353", intakeKey: KEY },
        { provider },
      ),
    );
    await settle(comps.flatMap((c) => [c.job, c.apiToken]));
    const scopes = mocks.invokes.filter((i) => i.token === PERMISSION_GROUPS).map((i) => i.args.scope);
    expect(scopes.sort()).toEqual(["com.cloudflare.api.account", "com.cloudflare.api.account.zone"]);
  });

  it("keys its random suffix on the account and the rotation value", async () => {
    const { suffix } = await deploy({ apiToken: { rotation: "2026-12" } });
    expect(suffix.inputs).toEqual({ byteLength: 4, keepers: { accountId: ACCOUNT, rotation: "2026-12" } });
  });

  it("never picks the zone groups of the same name, and names the account groups when one is missing", () => {
    expect(resolvePermissionGroupIds(PERMISSION_GROUP_RESULTS, ["Logs Read"], "account")).toEqual([
      ACCOUNT_GROUPS.logsRead,
    ]);
    expect(() => resolvePermissionGroupIds(PERMISSION_GROUP_RESULTS, ["Zone Read"], "account")).toThrow(
      /no account-scoped Cloudflare permission group named "Zone Read"; account-scoped groups include: Account Analytics Read, Analytics Read, Logs Read, Logs Write/,
    );
  });

  it("create: false makes no token", async () => {
    const { token } = await deploy({ apiToken: { create: false } }, "notoken");
    expect(token).toBeUndefined();
  });
});

describe("zone and account jobs in one program", () => {
  it("each gets its own scope's job and token, and the zone token keeps its zone keepers", async () => {
    const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";
    const zone = new FirewallEventsLogpush("z", { zoneId: ZONE, intakeKey: KEY });
    const account = new FirewallEventsLogpush("a", { accountId: ACCOUNT, intakeKey: KEY });
    await settle([zone.job, zone.apiToken, account.job, account.apiToken]);
    const job = (n: string) => mocks.byType(LOGPUSH_JOB).find((r) => r.name === `${n}-job`)!.inputs;
    expect(job("z")).toMatchObject({ zoneId: ZONE });
    expect(job("z")).not.toHaveProperty("accountId");
    expect(job("z").outputOptions.fieldNames).not.toContain("ZoneName");
    expect(job("a")).toMatchObject({ accountId: ACCOUNT });
    expect(job("a")).not.toHaveProperty("zoneId");
    const suffix = mocks.byType(RANDOM_ID).find((r) => r.name === "z-token-suffix")!;
    expect(suffix.inputs.keepers).toEqual({ zoneId: ZONE, rotation: "" });
  });
});
