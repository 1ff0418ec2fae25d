import { GUIDE_FIELDS } from "../components";
import { declaredFromIds, declaredFromStackFile } from "../components/verify/declared";
import { maskedKey, readDestination } from "../components/verify/destination";
import { toLiveJob } from "../components/verify/live-jobs";

const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";
const SHOP = "1b2c3d4e5f60718293a4b5c6d7e8f901";
const KEY = "QH6RXx8kmVq0GjHwVyUnJzY4cs2pdLoAT";

describe("what the stack declares, as verify reads it", () => {
  it("--zone / --account: the package's defaults (the guide's settings), the job named after the scope", () => {
    const [zone, account] = declaredFromIds([ZONE], [SHOP]);
    expect(zone).toEqual({
      scope: { kind: "zone", id: ZONE },
      name: `sekoia-firewall-events-${ZONE}`,
      settings: {
        region: "FRA1",
        fields: [...GUIDE_FIELDS],
        timestampFormat: "rfc3339",
        maxUploadBytes: 5_000_000,
        maxUploadRecords: 1_000,
        enabled: true,
      },
    });
    expect(account.scope).toEqual({ kind: "account", id: SHOP });
    // The account dataset's default: the guide's fields plus ZoneName (Cloudflare changelog 2026-06-30).
    expect(account.settings.fields).toEqual([...GUIDE_FIELDS, "ZoneName"]);
  });

  it("a stack file: each zone with its overrides, the stack-wide values, and jobName", () => {
    const declared = declaredFromStackFile(
      [
        "config:",
        "  cloudflare-sekoia-logpush:timestampFormat: unix",
        "  cloudflare-sekoia-logpush:filter:",
        "    where: { key: ClientCountry, operator: eq, value: fr }",
        "  cloudflare-sekoia-logpush:zones:",
        `    - ${ZONE}`,
        `    - { zoneId: ${SHOP}, region: USA1, jobName: shop.example.com, sampleRate: 0.5 }`,
        "  cloudflare-sekoia-logpush:intakeKey:",
        "    secure: v1:AAAA",
        "  other-project:zoneId: ignored",
      ].join("\n"),
    );
    expect(
      declared.map((d) => [d.scope.id, d.name, d.settings.region, d.settings.timestampFormat, d.settings.sampleRate]),
    ).toEqual([
      [ZONE, `sekoia-firewall-events-${ZONE}`, "FRA1", "unix", undefined],
      [SHOP, "shop.example.com", "USA1", "unix", 0.5],
    ]);
    expect(declared[1].settings.filter).toBe('{"where":{"key":"ClientCountry","operator":"eq","value":"fr"}}');
  });

  it("a stack file with a mistake fails as pulumi preview does, naming the key", () => {
    expect(() =>
      declaredFromStackFile(
        `config:\n  cloudflare-sekoia-logpush:zoneId: ${ZONE}\n  cloudflare-sekoia-logpush:maxUploadRecords: 5\n`,
      ),
    ).toThrow(/maxUploadRecords/);
  });
});

describe("a stack file of a renamed project (Pulumi.yaml name: my-logs)", () => {
  const MY_LOGS = { name: "my-logs", from: "name in ./Pulumi.yaml" };
  const file = [
    "config:",
    `  my-logs:zoneId: ${ZONE}`,
    "  my-logs:timestampFormat: unixnano",
    "  my-logs:maxUploadRecords: 2000",
  ].join("\n");

  it("reads the settings under the project's name", () => {
    const [zone] = declaredFromStackFile(file, MY_LOGS);
    expect(zone.scope).toEqual({ kind: "zone", id: ZONE });
    expect(zone.settings).toMatchObject({ timestampFormat: "unixnano", maxUploadRecords: 2000 });
  });

  it("names that namespace in a mistake", () => {
    expect(() => declaredFromStackFile(`${file}\n  my-logs:region: EU\n`, MY_LOGS)).toThrow(
      /stack config \(my-logs:…\)[\s\S]*region must be one of/,
    );
  });

  it("read as the default project, it is refused rather than read as the defaults", () => {
    expect(() => declaredFromStackFile(file)).toThrow(
      /no cloudflare-sekoia-logpush:… key, but my-logs:zoneId: the file is for project my-logs/,
    );
  });
});

describe("a live destination, read without exposing the key", () => {
  it.each([
    ["https://intake.sekoia.io/plain/batch", "FRA1"],
    ["https://intake.usa1.sekoia.io/api/v1/intake-http/plain/batch", "USA1"],
  ])("%s is SEKOIA's %s endpoint", (endpoint, region) => {
    const d = readDestination(`${endpoint}?header_X-SEKOIAIO-INTAKE-KEY=${KEY}`);
    expect(d).toEqual({ endpoint, region, sekoia: true, key: KEY });
    expect(maskedKey(d)).toBe("QH6R…(33 chars)");
  });

  it("a SEKOIA host on another path is SEKOIA, but no known region", () => {
    expect(readDestination("https://intake.sekoia.io/jsons?header_x-sekoiaio-intake-key=k")).toEqual({
      endpoint: "https://intake.sekoia.io/jsons",
      sekoia: true,
      key: "k",
    });
  });

  it("another host is not SEKOIA, even one that ends like it", () => {
    expect(readDestination("https://intake.sekoia.io.example.net/plain/batch").sekoia).toBe(false);
    expect(readDestination("s3://bucket/logs?region=eu-west-1")).toMatchObject({ sekoia: false });
  });

  it("no key: masked as none; not a URL: said so, not shown", () => {
    expect(maskedKey(readDestination("https://intake.sekoia.io/plain/batch"))).toBe("none");
    expect(readDestination(`not a url ${KEY}`)).toEqual({ endpoint: "(not a URL)", sekoia: false });
  });
});

describe("a live job as the SDK returns it", () => {
  it("unset fields read as null; an error message that quotes the key has it masked", () => {
    const job = toLiveJob({
      id: 4,
      destination_conf: `https://intake.sekoia.io/plain/batch?header_X-SEKOIAIO-INTAKE-KEY=${KEY}`,
      error_message: `POST https://intake.sekoia.io/plain/batch?header_X-SEKOIAIO-INTAKE-KEY=${KEY}: 401`,
    });
    expect(job).toMatchObject({ id: 4, name: null, enabled: false, filter: null, last_complete: null });
    expect(job.error_message).toBe(
      "POST https://intake.sekoia.io/plain/batch?header_X-SEKOIAIO-INTAKE-KEY=QH6R…(33 chars): 401",
    );
  });
});

describe("account-scoped jobs in a stack file (accountId / accounts, read by the stack program's parser)", () => {
  const ACCOUNT = "01a7362d577a6c3019a474fd6f485823";

  it("each account with its overrides, the component's account defaults and name", () => {
    const declared = declaredFromStackFile(
      [
        "config:",
        "  cloudflare-sekoia-logpush:accounts:",
        `    - accountId: ${ACCOUNT}`,
        "      filter: { where: { key: ZoneName, operator: in, value: [example.com] } }",
        "  cloudflare-sekoia-logpush:intakeKey:",
        "    secure: v1:abc",
      ].join("\n"),
    );
    expect(declared).toHaveLength(1);
    expect(declared[0].scope).toEqual({ kind: "account", id: ACCOUNT });
    expect(declared[0].name).toBe(`sekoia-firewall-events-${ACCOUNT}`);
    expect(declared[0].settings.fields).toEqual([...GUIDE_FIELDS, "ZoneName"]);
    expect(declared[0].settings.filter).toBe('{"where":{"key":"ZoneName","operator":"in","value":["example.com"]}}');
  });

  it("--account refuses an ID that is not an account's, naming where to find it", () => {
    expect(() => declaredFromIds([], ["acme"])).toThrow(
      /--account must be 32 lowercase hexadecimal characters \(the Account ID/,
    );
  });
});
