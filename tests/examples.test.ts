import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import {
  API_TOKEN,
  LOGPUSH_JOB,
  MOCK_SEKOIA_INTAKE_KEY,
  SEKOIA_INTAKE,
  installMocks,
  valueOf,
} from "../components/testing/mocks";

// Each example runs as a program under the mocks, with the config its README asks for.
const mocks = installMocks("example-com", "examples");
const KEY = "QH6RXx8kmVq0GjHwVyUnJzY4cs2pdLoAT";

function run(example: string, config: Record<string, string>, secrets: string[]): Record<string, unknown> {
  mocks.resources.length = 0;
  pulumi.runtime.setAllConfig(
    Object.fromEntries(Object.entries(config).map(([k, v]) => [`examples:${k}`, v])),
    secrets.map((k) => `examples:${k}`),
  );
  let program: Record<string, unknown> = {};
  jest.isolateModules(() => {
    // A synchronous, fresh load of the program, as the Pulumi language host does it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    program = require(`../examples/${example}/index`);
  });
  return program;
}

describe("examples", () => {
  it("per-zone: one job named after the stack, the key secret", async () => {
    const program = run("per-zone", { zoneId: "023e105f4ecef8ad9ca31a8372d0c353", intakeKey: KEY }, ["intakeKey"]);
    expect(await valueOf(program.jobId as pulumi.Output<string>)).toBe("101");
    const [job] = mocks.byType(LOGPUSH_JOB);
    expect(job.name).toBe("example-com-job");
    expect(job.secretPaths).toContain("destinationConf");
    expect(await pulumi.isSecret(program.apiTokenValue as pulumi.Output<string>)).toBe(true);
  });

  it("many-zones: three jobs through one explicit provider, with their overrides", async () => {
    const program = run("many-zones", { intakeKey: KEY, cloudflareApiToken: "cf-token" }, [
      "intakeKey",
      "cloudflareApiToken",
    ]);
    await Promise.all((program.jobIds as pulumi.Output<string>[]).map(valueOf));
    const jobs = mocks.byType(LOGPUSH_JOB);
    expect(jobs).toHaveLength(3);
    expect(jobs.map((j) => j.inputs.outputOptions.fieldNames.length)).toEqual([28, 30, 28]);
    expect(jobs[2].inputs.filter).toBe('{"where":{"key":"EdgeResponseStatus","operator":"geq","value":400}}');
    expect(mocks.byType("pulumi:providers:cloudflare")).toHaveLength(1);
    expect(mocks.byType(API_TOKEN).every((t) => t.inputs.expiresOn === "2027-06-30T00:00:00Z")).toBe(true);
  });

  it("reuse-in-stack: the job beside the user's ruleset, no token", async () => {
    const program = run("reuse-in-stack", { zoneId: "023e105f4ecef8ad9ca31a8372d0c353", intakeKey: KEY }, [
      "intakeKey",
    ]);
    await valueOf(program.jobId as pulumi.Output<string>);
    expect(mocks.byType("cloudflare:index/ruleset:Ruleset")).toHaveLength(1);
    expect(mocks.byType(LOGPUSH_JOB)[0].inputs.filter).toBe(
      '{"where":{"key":"ClientRequestPath","operator":"startsWith","value":"/wp-login.php"}}',
    );
    expect(mocks.byType(API_TOKEN)).toHaveLength(0);
  });

  it("reuse-in-stack with sekoiaApiKey: the intake made in the stack, its key in the job as a secret", async () => {
    const program = run(
      "reuse-in-stack",
      { zoneId: "023e105f4ecef8ad9ca31a8372d0c353", sekoiaApiKey: "sk-live-0123" },
      ["sekoiaApiKey"],
    );
    await valueOf(program.jobId as pulumi.Output<string>);
    const [intake] = mocks.byType(SEKOIA_INTAKE);
    expect(intake.inputs).toMatchObject({ intakeName: "Cloudflare WAF", apiUrl: "https://api.sekoia.io" });
    expect(intake.secretPaths).toContain("apiKey");
    const [job] = mocks.byType(LOGPUSH_JOB);
    expect(job.secretPaths).toContain("destinationConf");
    expect(job.inputs.destinationConf).toContain(`X-SEKOIAIO-INTAKE-KEY=${MOCK_SEKOIA_INTAKE_KEY}`);
  });

  it("whole-account: one account-scoped job and one account token", async () => {
    const ACCOUNT = "01a7362d577a6c3019a474fd6f485823";
    const program = run("whole-account", { accountId: ACCOUNT, intakeKey: KEY }, ["intakeKey"]);
    await valueOf(program.jobId as pulumi.Output<string>);
    const [job] = mocks.byType(LOGPUSH_JOB);
    expect(job.inputs.accountId).toBe(ACCOUNT);
    expect(job.inputs.outputOptions.fieldNames.at(-1)).toBe("ZoneName");
    expect(job.inputs.filter).toBe('{"where":{"key":"ZoneName","operator":"!eq","value":"staging.example.com"}}');
    const [token] = mocks.byType(API_TOKEN);
    expect(Object.keys(JSON.parse(token.inputs.policies[0].resources))).toEqual([
      `com.cloudflare.api.account.${ACCOUNT}`,
    ]);
    expect(await pulumi.isSecret(program.apiTokenValue as pulumi.Output<string>)).toBe(true);
  });
});

describe("each TypeScript example is a project of its own", () => {
  const root = path.join(__dirname, "..");
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  const required = Object.keys(pkg.peerDependencies).filter((p) => !pkg.peerDependenciesMeta?.[p]?.optional);

  it.each(["per-zone", "many-zones", "reuse-in-stack"])(
    "%s: package.json with the package and every peer it needs, tsconfig.json, README.md",
    (example) => {
      const dir = path.join(root, "examples", example);
      const own = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
      expect(Object.keys(own.dependencies).sort()).toEqual([...required, pkg.name].sort());
      expect(own.devDependencies).toHaveProperty("typescript");
      expect(JSON.parse(fs.readFileSync(path.join(dir, "tsconfig.json"), "utf8")).files).toEqual(["index.ts"]);
      expect(fs.readFileSync(path.join(dir, "README.md"), "utf8")).toMatch(/^# Example: /);
    },
  );
});
