/** `npm start` reads its settings as `pulumi up` would: the stack file, then flags, through the stack program's checks. */
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
