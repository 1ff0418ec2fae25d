import { PassThrough } from "node:stream";
import { main as adoptMain } from "../components/adopt-cli";
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import { FirewallEventsLogpush } from "../components";
import { adoptionImportFile } from "../components/adopt";
import { LOGPUSH_JOB, installMocks, settle, valueOf } from "../components/testing/mocks";

const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";
const mocks = installMocks("prod");

describe("adopting a job made with the guide's curl commands", () => {
  it("the import file names the component and its job exactly as the program does", async () => {
    const file = adoptionImportFile(ZONE, "147");
    const c = new FirewallEventsLogpush(`zone-${ZONE}`, { zoneId: ZONE, intakeKey: "KEY123" });
    await settle([c.job]);
    const [component, job] = file.resources;
    // The URN the program gives the job is the one the import creates: same type, name and parent.
    expect(await valueOf(c.job.urn)).toBe(
      `urn:pulumi:prod::cloudflare-sekoia-logpush::${component.type}$${job.type}::${job.name}`,
    );
    expect(await valueOf(c.urn)).toBe(
      `urn:pulumi:prod::cloudflare-sekoia-logpush::${component.type}::${component.name}`,
    );
    expect(job).toEqual({
      type: LOGPUSH_JOB,
      name: `zone-${ZONE}-job`,
      id: `zones/${ZONE}/147`,
      parent: component.name,
    });
    expect(component.component).toBe(true);
  });

  it("the import ID reaches the engine with the job's type and name", async () => {
    mocks.resources.length = 0;
    const file = adoptionImportFile(ZONE, "147", "site");
    const job = new cloudflare.LogpushJob(
      file.resources[1].name,
      { zoneId: ZONE, destinationConf: pulumi.secret("https://intake.sekoia.io/plain/batch") },
      { import: file.resources[1].id },
    );
    await settle([job]);
    expect(mocks.byType(LOGPUSH_JOB).map((r) => [r.name, r.importId])).toEqual([["site-job", `zones/${ZONE}/147`]]);
  });

  it("refuses a zone or job ID that could not be right", () => {
    expect(() => adoptionImportFile("example.com", "147")).toThrow(/zoneId must be 32 lowercase hexadecimal/);
    expect(() => adoptionImportFile(ZONE, "zones/x/147")).toThrow(/jobId must be the job's number/);
  });
});

describe("adopting an account-scoped job", () => {
  const ACCOUNT = "01a7362d577a6c3019a474fd6f485823";

  it("imports accounts/<account_id>/<job_id> under the component the program names account-<account ID>", async () => {
    mocks.resources.length = 0;
    const file = adoptionImportFile(ACCOUNT, "912", undefined, "account");
    const c = new FirewallEventsLogpush(`account-${ACCOUNT}`, { accountId: ACCOUNT, intakeKey: "KEY123" });
    await settle([c.job]);
    const [component, job] = file.resources;
    expect(job).toEqual({
      type: LOGPUSH_JOB,
      name: `account-${ACCOUNT}-job`,
      id: `accounts/${ACCOUNT}/912`,
      parent: component.name,
    });
    expect(await valueOf(c.job.urn)).toBe(
      `urn:pulumi:prod::cloudflare-sekoia-logpush::${component.type}$${job.type}::${job.name}`,
    );
  });

  it("refuses an account or job ID that could not be right, naming it", () => {
    expect(() => adoptionImportFile("acme", "912", undefined, "account")).toThrow(
      /accountId must be 32 lowercase hexadecimal characters \(the Account ID/,
    );
    expect(() => adoptionImportFile(ACCOUNT, "accounts/x/912", "prod", "account")).toThrow(
      /jobId must be the job's number/,
    );
  });

  /** Runs the adopt CLI with `args`: its exit status, standard output and standard error. */
  const cli = async (args: string[]) => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on("data", (c: Buffer) => chunks.push(c));
    const err: string[] = [];
    const e = jest.spyOn(process.stderr, "write").mockImplementation((c) => (err.push(String(c)), true));
    try {
      const code = await adoptMain(args, out);
      return { code, out: Buffer.concat(chunks).toString("utf8"), err: err.join("") };
    } finally {
      e.mockRestore();
    }
  };

  it("the CLI takes --account, and refuses a bad ID with exit 2", async () => {
    const ok = await cli(["--account", ACCOUNT, "912"]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out).resources[1].id).toBe(`accounts/${ACCOUNT}/912`);
    const bad = await cli(["--account", "acme", "912"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/accountId must be 32 lowercase/);
  });

  it("--help: 0, on standard output, with every argument, the credential the steps around it need and the exit codes", async () => {
    for (const args of [["--help"], ["-h"], [ACCOUNT, "912", "--help"]]) {
      const { code, out: help } = await cli(args);
      expect(code).toBe(0);
      for (const arg of ["<zoneId>", "--account <accountId>", "<jobId>", "[componentName]", "--help"])
        expect(help).toContain(arg);
      expect(help).toMatch(/Logs Edit on the zone \(account Logs Edit/);
      expect(help).toMatch(/Exit status: 0 the file was written, 1 it could not be written[^]*2 a usage error/);
    }
  });

  it("a missing argument is a usage error (2) with the usage on standard error, nothing on standard output", async () => {
    const r = await cli(["--account", ACCOUNT]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^usage: sekoia-logpush-adopt/);
    expect(r.out).toBe("");
  });
});
