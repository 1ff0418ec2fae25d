/**
 * `npm run verify` as users run it (in process: the same `main` the bin runs),
 * against the sandbox's Cloudflare API: flags, environment, output and exit codes.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { apiJobFromInputs } from "../components/sandbox/api-job";
import { startCloudflareApi, type CloudflareApiEmulator } from "../components/sandbox/cloudflare-api";
import { componentJob } from "../components/sandbox/component-job";
import { main, USAGE } from "../components/verify/cli";

const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";
const SHOP = "1b2c3d4e5f60718293a4b5c6d7e8f901";
const ACCOUNT = "01a7362d577a6c3019a474fd6f485823";
const KEY = "QH6RXx8kmVq0GjHwVyUnJzY4cs2pdLoAT";
const TOKEN = "cli-test-token-0123456789";

let api: CloudflareApiEmulator;
const fresh = () => ({ enabled: true, last_complete: new Date().toISOString(), last_error: null, error_message: null });
beforeAll(async () => {
  api = await startCloudflareApi({ [TOKEN]: { logsWrite: true } });
  api.addJob(
    { kind: "zone", id: ZONE },
    apiJobFromInputs(await componentJob({ zoneId: ZONE, intakeKey: KEY })),
    fresh(),
  );
  const shop = apiJobFromInputs(
    await componentJob({ zoneId: SHOP, intakeKey: KEY, region: "USA1", jobName: "shop.example.com" }),
  );
  api.addJob({ kind: "zone", id: SHOP }, shop, fresh());
  // An account-scoped job as the component declares it: the default name on the account's ID, the guide's fields plus ZoneName.
  const account = apiJobFromInputs(await componentJob({ accountId: ACCOUNT, intakeKey: KEY }));
  api.addJob({ kind: "account", id: ACCOUNT }, account, fresh());
});
afterAll(() => api.close());

async function run(argv: string[], env: Record<string, string> = {}, isTty = false) {
  let out = "";
  let err = "";
  const status = await main(
    argv,
    { CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: api.baseURL, ...env },
    {
      out: (t) => (out += t),
      err: (t) => (err += t),
      isTty,
    },
  );
  return { status, out, err };
}

function stackFile(yaml: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "verify-cli-")), "Pulumi.test.yaml");
  writeFileSync(file, yaml);
  return file;
}

describe("npm run verify", () => {
  it("--help: 0, with the permission it needs and the exit codes", async () => {
    const r = await run(["--help"]);
    expect(r).toMatchObject({ status: 0, err: "" });
    expect(r.out).toBe(USAGE);
    expect(USAGE).toMatch(/Logs Write \(dashboard: Logs > Edit\)/);
    expect(USAGE).toMatch(/Exit status: 0 all well, 1 .*\n2 a usage or credential error/);
  });

  it("--zone with the package's defaults: 0 and one line per job, key masked", async () => {
    const r = await run(["--zone", ZONE]);
    expect(r.status).toBe(0);
    const lines = r.out.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^OK\\s+zone ${ZONE}\\s+job 1 .*FRA1, key QH6R…\\(33 chars\\)`));
    expect(r.out).not.toContain(KEY);
  });

  it("--account: the account's job, at /accounts/{id}/logpush/jobs, with the account dataset's ZoneName", async () => {
    const r = await run(["--account", ACCOUNT]);
    expect(r.err).toBe("");
    expect(r.status).toBe(0);
    expect(r.out).toMatch(new RegExp(`^OK\\s+account ${ACCOUNT}\\s+job 3 "sekoia-firewall-events-${ACCOUNT}"`));
  });

  it("--zone repeated, --json: the report as JSON for monitoring", async () => {
    const r = await run(["--zone", ZONE, "--zone", SHOP, "--json"]);
    // SHOP runs in USA1 under another name: against the defaults it has drifted.
    expect(r.status).toBe(1);
    const report = JSON.parse(r.out) as {
      ok: boolean;
      jobs: Array<{ ok: boolean; drift: Array<{ setting: string }> }>;
    };
    expect(report.ok).toBe(false);
    expect(report.jobs.map((j) => j.drift.map((d) => d.setting))).toEqual([[], ["jobName", "region"]]);
    expect(r.out).not.toContain(KEY);
  });

  it("--stack-file: the zones and settings of the stack (secure intakeKey left encrypted): 0", async () => {
    const file = stackFile(
      [
        "config:",
        "  cloudflare-sekoia-logpush:zones:",
        `    - ${ZONE}`,
        `    - zoneId: ${SHOP}`,
        "      region: USA1",
        "      jobName: shop.example.com",
        "  cloudflare-sekoia-logpush:intakeKey:",
        "    secure: v1:AAAABBBBCCCC",
      ].join("\n"),
    );
    const r = await run(["--stack-file", file]);
    expect(r.err).toBe("");
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/2 declared jobs checked at .*: all well\./);
  });

  it("SEKOIA_INTAKE_KEY: compared, never printed; another key is exit 1", async () => {
    expect((await run(["--zone", ZONE], { SEKOIA_INTAKE_KEY: KEY })).status).toBe(0);
    const other = "OtherKey0000000000000000000000000";
    const r = await run(["--zone", ZONE], { SEKOIA_INTAKE_KEY: other });
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/drift: intakeKey the key in SEKOIA_INTAKE_KEY → another key/);
    expect(r.out + r.err).not.toContain(other);
    expect(r.out + r.err).not.toContain(KEY);
  });

  it("colours only on a terminal, and never with NO_COLOR", async () => {
    expect((await run(["--zone", ZONE], {}, true)).out).toContain("\u001b[32mOK");
    expect((await run(["--zone", ZONE], {}, false)).out).not.toContain("\u001b[");
    expect((await run(["--zone", ZONE], { NO_COLOR: "1" }, true)).out).not.toContain("\u001b[");
  });

  it.each([
    [[], /say what to check/],
    [["--zone", "example.com"], /--zone must be 32 lowercase hexadecimal characters/],
    [["--account", "ABC"], /--account must be 32 lowercase hexadecimal characters \(the Account ID/],
    [["--zone", ZONE, "--stack-file", "x.yaml"], /exclude each other/],
    [["--stack-file", "/nonexistent/Pulumi.x.yaml"], /cannot read --stack-file .*ENOENT/],
    [["--zone", ZONE, "--stale-after", "soon"], /--stale-after takes a whole number of seconds/],
    [["--zones", ZONE], /Unknown option '--zones'/],
  ])("usage error %j: exit 2, the problem named", async (argv, message) => {
    const r = await run(argv);
    expect(r.status).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toMatch(message);
  });

  it("a stack file with a bad setting: exit 2, naming the key as pulumi preview would", async () => {
    const file = stackFile(
      `config:\n  cloudflare-sekoia-logpush:zoneId: ${ZONE}\n  cloudflare-sekoia-logpush:region: EU\n`,
    );
    const r = await run(["--stack-file", file]);
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/region must be one of FRA1, FRA2, MCO1, UAE1, USA1, SGP1, got "EU"/);
  });

  // A renamed project (Pulumi.yaml `name: my-logs`) stores its keys as my-logs:…, as the stack program reads them.
  const RENAMED = [
    "config:",
    `  my-logs:zoneId: ${ZONE}`,
    "  my-logs:intakeKey:",
    "    secure: v1:AAAABBBBCCCC",
    "  my-logs:timestampFormat: unixnano",
    "  my-logs:maxUploadRecords: 2000",
  ].join("\n");

  it("a renamed project's stack file, beside its Pulumi.yaml: the file's settings are the ones checked", async () => {
    const file = stackFile(RENAMED);
    writeFileSync(join(file, "..", "Pulumi.yaml"), "name: my-logs\nruntime: nodejs\n");
    const r = await run(["--stack-file", file]);
    expect(r.err).toBe("");
    // The live job has the package's defaults: the file's own values show as drift from them.
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/drift: .*timestampFormat "unixnano" → "rfc3339"/);
    expect(r.out).toMatch(/maxUploadRecords 2000 → 1000/);
  });

  it("a stack file of another project (no Pulumi.yaml naming it): exit 2, naming both namespaces", async () => {
    const r = await run(["--stack-file", stackFile(RENAMED)]);
    expect(r.status).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toMatch(
      /no cloudflare-sekoia-logpush:… key, but my-logs:zoneId: the file is for project my-logs, and cloudflare-sekoia-logpush is the project expected/,
    );
  });

  it("no token: exit 2, naming the variable and the permission", async () => {
    const r = await run(["--zone", ZONE], { CLOUDFLARE_API_TOKEN: "" });
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/CLOUDFLARE_API_TOKEN is not set: give it a token with Logs Write/);
  });

  it("a wrong token: exit 2, the token not printed", async () => {
    const wrong = "wrong-token-abcdefghijklmnop";
    const r = await run(["--zone", ZONE], { CLOUDFLARE_API_TOKEN: wrong });
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/Cloudflare refused the token .*HTTP 401/);
    expect(r.out + r.err).not.toContain(wrong);
  });

  it("an unreachable API: exit 2, saying where it tried", async () => {
    const closed = await startCloudflareApi({});
    const url = closed.baseURL;
    await closed.close();
    const r = await run(["--zone", ZONE], { CLOUDFLARE_BASE_URL: url });
    expect(r.status).toBe(2);
    expect(r.err).toContain(`cannot reach the Cloudflare API at ${url}`);
  });
});
