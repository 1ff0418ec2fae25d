/** `npm start` reads its settings as `pulumi up` would: the stack file, then flags, through the stack program's checks. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GUIDE_FIELDS, InvalidArgumentsError } from "../components";
import { findExampleStackFile, sandboxSettings } from "../components/sandbox/stack-file";
import { parseStackFile } from "../components/stack-config";

const KEY = "LocalKey0123456789abcdefghijklmn";

it("turns YAML values into the strings the Pulumi CLI stores, and notes secrets without reading them", () => {
  const file = parseStackFile(`
config:
  cloudflare-sekoia-logpush:zoneId: 023e105f4ecef8ad9ca31a8372d0c353
  cloudflare-sekoia-logpush:maxUploadRecords: 2000
  cloudflare-sekoia-logpush:fields: [RayID, Action]
  cloudflare-sekoia-logpush:intakeKey:
    secure: v1:abc
  cloudflare:apiToken:
    secure: v1:def
`);
  expect(file.raw).toEqual({
    zoneId: "023e105f4ecef8ad9ca31a8372d0c353",
    maxUploadRecords: "2000",
    fields: '["RayID","Action"]',
  });
  expect([...file.secretKeys]).toEqual(["intakeKey"]);
});

it("the example stack file gives the guide's job", () => {
  const path = findExampleStackFile();
  expect(path).toMatch(/Pulumi\.example\.yaml$/);
  const { settings } = sandboxSettings(path, {}, KEY);
  expect(settings).toMatchObject({
    region: "FRA1",
    fields: [...GUIDE_FIELDS],
    timestampFormat: "rfc3339",
    maxUploadBytes: 5_000_000,
    maxUploadRecords: 1000,
  });
});

it("flags override the file, and are checked like stack config", () => {
  const { settings, source } = sandboxSettings(
    findExampleStackFile(),
    { timestampFormat: "unixnano", fields: '["RayID","Datetime"]', region: "USA1" },
    KEY,
  );
  expect(settings).toMatchObject({ timestampFormat: "unixnano", fields: ["RayID", "Datetime"], region: "USA1" });
  expect(source).toMatch(/flags \(timestampFormat, fields, region\)/);
  expect(() => sandboxSettings(undefined, { maxUploadRecords: "10" }, KEY)).toThrow(InvalidArgumentsError);
  expect(() => sandboxSettings(undefined, { fields: '["NoSuchField"]' }, KEY)).toThrow(/NoSuchField/);
});

it("without a stack file, the component's defaults", () => {
  expect(sandboxSettings(undefined, {}, KEY).settings.fields).toEqual([...GUIDE_FIELDS]);
});

it("a stack whose intake pulumi up creates runs too: the sandbox stands in for SEKOIA and keeps the intake's name", () => {
  const dir = mkdtempSync(join(tmpdir(), "stack-"));
  const path = join(dir, "Pulumi.waf.yaml");
  writeFileSync(
    path,
    `config:
  cloudflare-sekoia-logpush:zoneId: 023e105f4ecef8ad9ca31a8372d0c353
  cloudflare-sekoia-logpush:sekoiaApiKey:
    secure: v1:abc
  cloudflare-sekoia-logpush:sekoiaEntity: Paris
  cloudflare-sekoia-logpush:sekoiaApiUrl: https://proxy.example/api
  cloudflare-sekoia-logpush:sekoiaIntakeName: WAF prod
`,
  );
  expect(sandboxSettings(path, {}, { sekoiaApiKey: "sandbox-api-key" }).intakeName).toBe("WAF prod");
  expect(sandboxSettings(path, {}, KEY).intakeName).toBeUndefined();
  expect(sandboxSettings(path, {}, KEY).id).toBe("023e105f4ecef8ad9ca31a8372d0c353");
});

describe("an account run (npm start -- --account)", () => {
  it("the example stack file: the stack-wide settings on an account job, whose default fields end with ZoneName", () => {
    const r = sandboxSettings(findExampleStackFile(), {}, KEY, "account");
    expect(r.scope).toBe("account");
    expect(r.id).toMatch(/^[0-9a-f]{32}$/);
    expect(r.args).toHaveProperty("accountId", r.id);
    expect(r.args).not.toHaveProperty("zoneId");
    expect(r.settings).toMatchObject({ region: "FRA1", fields: [...GUIDE_FIELDS, "ZoneName"], maxUploadRecords: 1000 });
  });

  it("a stack file's first account, with its own overrides; zone keys set aside", () => {
    const dir = mkdtempSync(join(tmpdir(), "stackfile-"));
    const file = join(dir, "Pulumi.acct.yaml");
    writeFileSync(
      file,
      [
        "config:",
        "  cloudflare-sekoia-logpush:zoneId: 023e105f4ecef8ad9ca31a8372d0c353",
        "  cloudflare-sekoia-logpush:accounts:",
        "    - accountId: 9f8e7d6c5b4a39281706f5e4d3c2b1a0",
        "      filter: { where: { key: ZoneName, operator: eq, value: example.org } }",
        "      maxUploadRecords: 2000",
      ].join("\n"),
    );
    const r = sandboxSettings(file, {}, KEY, "account");
    expect(r.id).toBe("9f8e7d6c5b4a39281706f5e4d3c2b1a0");
    expect(r.settings.maxUploadRecords).toBe(2000);
    expect(r.settings.filter).toBe('{"where":{"key":"ZoneName","operator":"eq","value":"example.org"}}');
    // The zone run of the same file ignores the account (no overlap refusal: one job per run).
    expect(sandboxSettings(file, {}, KEY, "zone").id).toBe("023e105f4ecef8ad9ca31a8372d0c353");
  });
});

describe("a renamed project's stack file (npm start -- --config)", () => {
  const RENAMED = [
    "config:",
    "  my-logs:zoneId: 1b2c3d4e5f60718293a4b5c6d7e8f901",
    "  my-logs:intakeKey:",
    "    secure: v1:abc",
    "  my-logs:timestampFormat: unixnano",
    "  my-logs:maxUploadRecords: 2000",
  ].join("\n");
  const stackFileIn = (files: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), "renamed-"));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return join(dir, "Pulumi.prod.yaml");
  };

  it("beside its Pulumi.yaml: the run uses the file's settings, read under the project's name", () => {
    const file = stackFileIn({ "Pulumi.yaml": "name: my-logs\nruntime: nodejs\n", "Pulumi.prod.yaml": RENAMED });
    const r = sandboxSettings(file, {}, KEY);
    expect(r.id).toBe("1b2c3d4e5f60718293a4b5c6d7e8f901");
    expect(r.settings).toMatchObject({ timestampFormat: "unixnano", maxUploadRecords: 2000 });
    // A bad flag is then reported under that namespace.
    expect(() => sandboxSettings(file, { region: "EU" }, KEY)).toThrow(/stack config \(my-logs:…\)/);
  });

  it("without a Pulumi.yaml naming it: refused, naming the namespace found and the one expected", () => {
    const file = stackFileIn({ "Pulumi.prod.yaml": RENAMED });
    expect(() => sandboxSettings(file, {}, KEY)).toThrow(InvalidArgumentsError);
    expect(() => sandboxSettings(file, {}, KEY)).toThrow(
      /no cloudflare-sekoia-logpush:… key, but my-logs:zoneId: the file is for project my-logs, and cloudflare-sekoia-logpush is the project expected/,
    );
  });

  it("a stack file of this project beside a Pulumi.yaml of this name reads as before", () => {
    const file = stackFileIn({
      "Pulumi.yaml": "name: cloudflare-sekoia-logpush\n",
      "Pulumi.prod.yaml": "config:\n  cloudflare-sekoia-logpush:maxUploadRecords: 3000\n",
    });
    expect(sandboxSettings(file, {}, KEY).settings.maxUploadRecords).toBe(3000);
  });
});
