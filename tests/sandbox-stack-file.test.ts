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
  expect(sandboxSettings(path, {}, KEY).zoneId).toBe("023e105f4ecef8ad9ca31a8372d0c353");
});
