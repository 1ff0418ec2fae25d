import * as pulumi from "@pulumi/pulumi";
import {
  API_TOKEN,
  LOGPUSH_JOB,
  MOCK_LAST_COMPLETE,
  MOCK_SEKOIA_INTAKE_KEY,
  PERMISSION_GROUPS,
  SEKOIA_INTAKE,
  installMocks,
  settle,
  valueOf,
} from "../components/testing/mocks";

const P = "cloudflare-sekoia-logpush";
const Z = ["023e105f4ecef8ad9ca31a8372d0c353", "1b2c3d4e5f60718293a4b5c6d7e8f901", "ffeeddccbbaa99887766554433221100"];
const KEY = "QH6RXx8kmVq0GjHwVyUnJzY4cs2pdLoAT";
const mocks = installMocks("prod");

type Program = typeof import("../index");

/** Loads the stack program afresh with this stack config, as `pulumi up` would. */
function run(config: Record<string, string>, secretKeys = ["intakeKey"]): Program {
  pulumi.runtime.setAllConfig(
    Object.fromEntries(Object.entries(config).map(([k, v]) => [`${P}:${k}`, v])),
    secretKeys.map((k) => `${P}:${k}`),
  );
  let program: Program | undefined;
  jest.isolateModules(() => {
    // A synchronous, fresh load of the program, as the Pulumi language host does it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    program = require("../index") as Program;
  });
  return program!;
}

async function outputs(program: Program) {
  const resolve = async (o: Record<string, pulumi.Output<string> | undefined>) =>
    Object.fromEntries(await Promise.all(Object.entries(o).map(async ([k, v]) => [k, v && (await valueOf(v))])));
  return {
    jobId: program.jobId && (await valueOf(program.jobId)),
    jobIds: await resolve(program.jobIds),
    apiTokenIds: await resolve(program.apiTokenIds),
    apiTokenValues: await valueOf(program.apiTokenValues as pulumi.Output<Record<string, string>>),
    lastComplete: await resolve(program.lastComplete as Record<string, pulumi.Output<string>>),
    lastError: await resolve(program.lastError as Record<string, pulumi.Output<string>>),
    errorMessage: await resolve(program.errorMessage as Record<string, pulumi.Output<string>>),
  };
}

describe("the stack program", () => {
  it("one zone from zoneId: one job, one token, outputs per zone and the token value as a secret", async () => {
    const program = run({ zoneId: Z[0], intakeKey: KEY });
    const out = await outputs(program);
    expect(mocks.byType(LOGPUSH_JOB)).toHaveLength(1);
    expect(mocks.byType(API_TOKEN)).toHaveLength(1);
    expect(out.jobId).toBe("101");
    expect(out.jobIds).toEqual({ [Z[0]]: "101" });
    expect(out.apiTokenIds).toEqual({ [Z[0]]: `token-id-zone-${Z[0]}-token` });
    expect(out.apiTokenValues).toEqual({ [Z[0]]: `token-value-zone-${Z[0]}-token` });
    expect(await pulumi.isSecret(program.apiTokenValues)).toBe(true);
    const [job] = mocks.byType(LOGPUSH_JOB);
    expect(job.secretPaths).toContain("destinationConf");
    expect(job.inputs.destinationConf).toBe(`https://intake.sekoia.io/plain/batch?header_X-SEKOIAIO-INTAKE-KEY=${KEY}`);
  });

  it("three zones from zones, with per-zone overrides and one token lookup", async () => {
    mocks.resources.length = 0;
    const before = mocks.invokeCount(PERMISSION_GROUPS);
    const program = run({
      intakeKey: KEY,
      region: "FRA2",
      zones: JSON.stringify([
        Z[0],
        { zoneId: Z[1], name: "shop", region: "USA1", timestampFormat: "unixnano" },
        { zoneId: Z[2], createApiToken: false },
      ]),
    });
    const out = await outputs(program);
    const jobs = mocks.byType(LOGPUSH_JOB);
    expect(
      jobs.map((j) => [
        j.name,
        j.inputs.zoneId,
        j.inputs.destinationConf.split("?")[0],
        j.inputs.outputOptions.timestampFormat,
      ]),
    ).toEqual([
      [`zone-${Z[0]}-job`, Z[0], "https://intake.fra2.sekoia.io/api/v1/intake-http/plain/batch", "rfc3339"],
      ["shop-job", Z[1], "https://intake.usa1.sekoia.io/api/v1/intake-http/plain/batch", "unixnano"],
      [`zone-${Z[2]}-job`, Z[2], "https://intake.fra2.sekoia.io/api/v1/intake-http/plain/batch", "rfc3339"],
    ]);
    expect(out.jobId).toBeUndefined();
    expect(Object.keys(out.jobIds)).toEqual(Z);
    expect(Object.keys(out.apiTokenIds)).toEqual([Z[0], Z[1]]);
    // The job's health per zone, from the provider's outputs (current after pulumi refresh).
    expect(out.lastComplete).toEqual(Object.fromEntries(Z.map((z) => [z, MOCK_LAST_COMPLETE])));
    expect(out.lastError).toEqual(Object.fromEntries(Z.map((z) => [z, ""])));
    expect(out.errorMessage).toEqual(Object.fromEntries(Z.map((z) => [z, ""])));
    // Cloudflare's error_message can quote the destination, key included.
    for (const z of Z) expect(await pulumi.isSecret(program.errorMessage[z])).toBe(true);
    expect(mocks.byType(API_TOKEN)).toHaveLength(2);
    // A fresh program (isolated modules) looks the groups up once, for all its zones.
    expect(mocks.invokeCount(PERMISSION_GROUPS) - before).toBe(1);
  });

  it("two accounts and a zone of another account: account jobs and tokens, outputs per account", async () => {
    mocks.resources.length = 0;
    const A = ["01a7362d577a6c3019a474fd6f485823", "9f8e7d6c5b4a39281706f5e4d3c2b1a0"];
    const program = run({
      intakeKey: KEY,
      accounts: JSON.stringify([A[0], { accountId: A[1], name: "prod", createApiToken: false }]),
      zones: JSON.stringify([{ zoneId: Z[0], accountId: "ffffffffffffffffffffffffffffffff" }]),
    });
    const out = await outputs(program);
    const accountJobIds = await Promise.all(
      Object.entries(program.accountJobIds).map(async ([k, v]) => [k, await valueOf(v)]),
    );
    const jobs = mocks.byType(LOGPUSH_JOB);
    expect(jobs.map((j) => [j.name, j.inputs.accountId, j.inputs.zoneId]).sort()).toEqual([
      [`account-${A[0]}-job`, A[0], undefined],
      ["prod-job", A[1], undefined],
      [`zone-${Z[0]}-job`, undefined, Z[0]],
    ]);
    expect(out.jobId).toBeUndefined();
    expect(Object.keys(out.jobIds)).toEqual([Z[0]]);
    expect(accountJobIds.map(([k]) => k)).toEqual(A);
    expect(Object.keys(program.accountApiTokenIds)).toEqual([A[0]]);
    expect(await valueOf(program.accountApiTokenValues as pulumi.Output<Record<string, string>>)).toEqual({
      [A[0]]: `token-value-account-${A[0]}-token`,
    });
    expect(await pulumi.isSecret(program.accountApiTokenValues)).toBe(true);
    expect(Object.keys(program.accountLastComplete)).toEqual(A);
    expect(Object.keys(program.accountLastError)).toEqual(A);
    expect(Object.keys(program.lastComplete)).toEqual([Z[0]]);
  });

  it("one account alone: jobId is its job", async () => {
    mocks.resources.length = 0;
    const program = run({ intakeKey: KEY, accountId: "01a7362d577a6c3019a474fd6f485823" });
    expect(program.jobId && (await valueOf(program.jobId))).toBe("101");
  });

  it("refuses a zone that an account job would deliver too, unless allowOverlap", () => {
    mocks.resources.length = 0;
    expect(() => run({ intakeKey: KEY, zoneId: Z[0], accountId: "01a7362d577a6c3019a474fd6f485823" })).toThrow(
      /would also be delivered by accountId[\s\S]*fix: pulumi config set allowOverlap true/,
    );
    expect(mocks.byType(LOGPUSH_JOB)).toHaveLength(0);
  });

  it("refuses to run with bad config, naming the key and the fix", () => {
    mocks.resources.length = 0;
    expect(() => run({ zoneId: Z[0], intakeKey: KEY }, [])).toThrow(
      /intakeKey is stored in plain text[\s\S]*pulumi config set --secret intakeKey/,
    );
    expect(() => run({ zoneId: "nope", intakeKey: KEY })).toThrow(
      /zoneId must be 32 lowercase hexadecimal characters[\s\S]*fix: pulumi config set zoneId/,
    );
    expect(mocks.byType(LOGPUSH_JOB)).toHaveLength(0);
  });

  it("ends with a clean RunError (message only, no stack trace in the CLI)", () => {
    let error: unknown;
    try {
      run({ zoneId: Z[0], intakeKey: KEY, region: "EU" });
    } catch (e) {
      error = e;
    }
    expect(pulumi.RunError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/region must be one of FRA1, FRA2, MCO1, UAE1, USA1, SGP1, got "EU"/);
  });

  it("with sekoiaApiKey: one SEKOIA intake for three zones, its key in every job's destination as a secret", async () => {
    mocks.resources.length = 0;
    const API_KEY = "sk-live-a1b2c3d4e5f6";
    const program = run(
      { zones: JSON.stringify(Z), sekoiaApiKey: API_KEY, sekoiaEntity: "Main entity", region: "FRA2" },
      ["sekoiaApiKey"],
    );
    await outputs(program);
    expect(await valueOf(program.sekoiaIntakeUuid!)).toBe("intake-uuid-sekoia-intake");
    const intakes = mocks.byType(SEKOIA_INTAKE);
    expect(intakes).toHaveLength(1);
    expect(intakes[0].inputs).toMatchObject({
      intakeName: "Cloudflare firewall events (cloudflare-sekoia-logpush/prod)",
      entity: "Main entity",
      region: "FRA2",
      apiUrl: "https://app.fra2.sekoia.io/api",
      apiKey: API_KEY,
    });
    expect(intakes[0].secretPaths).toContain("apiKey");
    const jobs = mocks.byType(LOGPUSH_JOB);
    expect(jobs).toHaveLength(3);
    for (const job of jobs) {
      expect(job.secretPaths).toContain("destinationConf");
      expect(job.inputs.destinationConf).toBe(
        `https://intake.fra2.sekoia.io/api/v1/intake-http/plain/batch?header_X-SEKOIAIO-INTAKE-KEY=${MOCK_SEKOIA_INTAKE_KEY}`,
      );
    }
  });

  it("with sekoiaApiKey the intake's name follows sekoiaIntakeName; the SekoiaIntake's key output is a secret", async () => {
    mocks.resources.length = 0;
    const program = run({ zoneId: Z[0], sekoiaApiKey: "k-123", sekoiaIntakeName: "WAF prod" }, ["sekoiaApiKey"]);
    await outputs(program);
    const [intake] = mocks.byType(SEKOIA_INTAKE);
    expect(intake.inputs.intakeName).toBe("WAF prod");
    expect(intake.inputs.entity).toBeUndefined();
    const { SekoiaIntake } = await import("../components/sekoia-intake");
    const resource = new SekoiaIntake("direct", { intakeName: "x", apiKey: pulumi.secret("k") });
    await settle([resource]);
    expect(await pulumi.isSecret(resource.intakeKey)).toBe(true);
  });

  it("asks for exactly one of intakeKey and sekoiaApiKey, naming both", () => {
    expect(() => run({ zoneId: Z[0] }, [])).toThrow(
      /set one of intakeKey .* and sekoiaApiKey [\s\S]*fix: pulumi config set --secret intakeKey[\s\S]*or: pulumi config set --secret sekoiaApiKey/,
    );
    expect(() => run({ zoneId: Z[0], intakeKey: KEY, sekoiaApiKey: "k" }, ["intakeKey", "sekoiaApiKey"])).toThrow(
      /intakeKey and sekoiaApiKey are both set; keep one/,
    );
  });
});
