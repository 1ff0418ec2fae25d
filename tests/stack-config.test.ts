import { InvalidArgumentsError } from "../components";
import { parseStackConfig, type RawConfig } from "../components/stack-config";

const Z1 = "023e105f4ecef8ad9ca31a8372d0c353";
const Z2 = "1b2c3d4e5f60718293a4b5c6d7e8f901";
const KEY = "QH6RXx8kmVq0GjHwVyUnJzY4cs2pdLoAT";
const SECRET = new Set(["intakeKey"]);

const parse = (raw: RawConfig, secret = SECRET) => parseStackConfig(raw, secret);
const problems = (raw: RawConfig, secret = SECRET): string => {
  try {
    parse(raw, secret);
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidArgumentsError);
    return (e as Error).message;
  }
  throw new Error("expected the config to be refused");
};

describe("stack config: one zone per stack", () => {
  it("zoneId and intakeKey alone give the guide's defaults and a token", () => {
    const s = parse({ zoneId: Z1, intakeKey: KEY });
    expect(s.intakeKey).toBe(KEY);
    expect(s.zones).toEqual([{ name: `zone-${Z1}`, zoneId: Z1, args: { zoneId: Z1, apiToken: { create: true } } }]);
  });

  it("reads numbers, booleans and JSON objects as the CLI stores them (text)", () => {
    const s = parse({
      zoneId: Z1,
      intakeKey: KEY,
      region: "USA1",
      fields: '["Action","ClientIP","Datetime","RayID"]',
      timestampFormat: "unixnano",
      maxUploadBytes: "10000000",
      maxUploadRecords: "5000",
      maxUploadIntervalSeconds: "60",
      sampleRate: "0.5",
      filter: '{"where":{"key":"ClientCountry","operator":"in","value":["fr","de"]}}',
      enabled: "false",
      createApiToken: "false",
      validateFieldsAgainstZone: "true",
    });
    expect(s.zones[0].args).toEqual({
      zoneId: Z1,
      region: "USA1",
      fields: ["Action", "ClientIP", "Datetime", "RayID"],
      timestampFormat: "unixnano",
      maxUploadBytes: 10000000,
      maxUploadRecords: 5000,
      maxUploadIntervalSeconds: 60,
      sampleRate: 0.5,
      filter: { where: { key: "ClientCountry", operator: "in", value: ["fr", "de"] } },
      enabled: false,
      validateFieldsAgainstZone: true,
      apiToken: { create: false },
    });
  });

  it("passes the token options through", () => {
    const s = parse({
      zoneId: Z1,
      intakeKey: KEY,
      apiTokenExpiresOn: "2027-01-31T00:00:00Z",
      apiTokenAllowedIpRanges: '["192.0.2.0/24"]',
      apiTokenRotation: "2026-11",
    });
    expect(s.zones[0].args.apiToken).toEqual({
      create: true,
      expiresOn: "2027-01-31T00:00:00Z",
      allowedIpRanges: ["192.0.2.0/24"],
      rotation: "2026-11",
    });
  });
});

describe("stack config: many zones", () => {
  it("a list of IDs, and objects with per-zone overrides over the stack-wide values", () => {
    const s = parse({
      intakeKey: KEY,
      region: "FRA2",
      zones: JSON.stringify([
        Z1,
        {
          zoneId: Z2,
          name: "shop",
          region: "MCO1",
          fields: ["Action", "RayID"],
          jobName: "shop.example",
          createApiToken: false,
        },
      ]),
    });
    expect(s.zones.map((z) => [z.name, z.args.region, z.args.fields, z.args.jobName, z.args.apiToken?.create])).toEqual(
      [
        [`zone-${Z1}`, "FRA2", undefined, undefined, true],
        ["shop", "MCO1", ["Action", "RayID"], "shop.example", false],
      ],
    );
  });
});

describe("stack config: every mistake names the key and the command that fixes it", () => {
  it("no intake key and no SEKOIA API key: both ways are named, with their commands", () => {
    expect(problems({ zoneId: Z1 })).toMatch(
      /set one of intakeKey .* and sekoiaApiKey [\s\S]*fix: pulumi config set --secret intakeKey[\s\S]*or: pulumi config set --secret sekoiaApiKey/,
    );
  });

  it("an intake key stored in plain text is refused, and not printed", () => {
    const m = problems({ zoneId: Z1, intakeKey: KEY }, new Set());
    expect(m).toMatch(/intakeKey is stored in plain text[\s\S]*fix: pulumi config set --secret intakeKey/);
    expect(m).not.toContain(KEY);
  });

  it("a bad intake key is described without being printed", () => {
    const m = problems({ zoneId: Z1, intakeKey: "abc&def" });
    expect(m).toMatch(/intakeKey contains '&'[\s\S]*fix: pulumi config set --secret intakeKey/);
    expect(m).not.toContain("abc&def");
  });

  it("neither zoneId nor zones (nor an account), or both", () => {
    expect(problems({ intakeKey: KEY })).toMatch(
      /set zoneId \(one zone per stack\) or zones \(a list of zones\), or accountId \/ accounts[\s\S]*fix: pulumi config set zoneId/,
    );
    expect(problems({ intakeKey: KEY, zoneId: Z1, zones: `["${Z2}"]` })).toMatch(/set at most one of zoneId/);
  });

  it("a misspelt key", () => {
    expect(problems({ zoneID: Z1, intakeKey: KEY })).toMatch(
      /zoneID is not a setting of this program \(did you mean zoneId\?\)[\s\S]*fix: pulumi config rm zoneID/,
    );
  });

  it("a malformed zone ID", () => {
    expect(problems({ zoneId: "example.com", intakeKey: KEY })).toMatch(
      /zoneId must be 32 lowercase hexadecimal characters[\s\S]*fix: pulumi config set zoneId/,
    );
  });

  it("a number that is not one", () => {
    expect(problems({ zoneId: Z1, intakeKey: KEY, maxUploadRecords: "lots" })).toMatch(
      /maxUploadRecords: .*number[\s\S]*fix: pulumi config set maxUploadRecords 1000/,
    );
  });

  it.each(["", " ", "0x4C4B40", "5e6", "lots"])(
    "a number written %j is refused, not read as another number",
    (text) => {
      expect(problems({ zoneId: Z1, intakeKey: KEY, maxUploadBytes: text })).toMatch(
        /maxUploadBytes: expected a decimal number[\s\S]*fix: pulumi config set maxUploadBytes/,
      );
    },
  );

  it("a limit out of range", () => {
    expect(problems({ zoneId: Z1, intakeKey: KEY, maxUploadBytes: "100" })).toMatch(
      /maxUploadBytes must be a whole number .* got 100[\s\S]*fix: pulumi config set maxUploadBytes/,
    );
  });

  it("fields that are not a JSON list", () => {
    expect(problems({ zoneId: Z1, intakeKey: KEY, fields: "Action,RayID" })).toMatch(
      /fields: .*array[\s\S]*fix: pulumi config set --path 'fields\[0\]'/,
    );
  });

  it("an unknown field", () => {
    expect(problems({ zoneId: Z1, intakeKey: KEY, fields: '["Action","Actoin"]' })).toMatch(
      /fields\[1\] "Actoin" is not a firewall_events field/,
    );
  });

  it("a stack-wide mistake is reported once, not once per zone", () => {
    const m = problems({ intakeKey: KEY, region: "EU", zones: JSON.stringify([Z1, Z2]) });
    expect(m.match(/region must be one of/g)).toHaveLength(1);
    expect(m).toMatch(/^ {2}- region must be/m);
  });

  it("a per-zone mistake names the zone entry", () => {
    const m = problems({ intakeKey: KEY, zones: JSON.stringify([Z1, { zoneId: Z2, region: "EU" }, "nope"]) });
    expect(m).toMatch(/zones\[1\]\.region must be one of/);
    expect(m).toMatch(/zones\[2\]\.zoneId must be 32 lowercase/);
  });

  it("a zone listed twice", () => {
    expect(problems({ intakeKey: KEY, zones: JSON.stringify([Z1, Z2, Z1]) })).toMatch(
      /zones\[2\] repeats the zone ID "023e105f4ecef8ad9ca31a8372d0c353" of zones\[0\]/,
    );
  });

  it("an unknown per-zone override", () => {
    expect(problems({ intakeKey: KEY, zones: JSON.stringify([{ zoneId: Z1, regoin: "FRA2" }]) })).toMatch(
      /zones\[0\]: .*regoin/,
    );
  });

  it("a token option in the wrong form names the config key, not the argument", () => {
    expect(problems({ zoneId: Z1, intakeKey: KEY, apiTokenExpiresOn: "tomorrow" })).toMatch(
      /apiTokenExpiresOn must be a UTC date-time[\s\S]*fix: pulumi config set apiTokenExpiresOn/,
    );
  });
});

describe("stack config: the intake created by pulumi up (sekoiaApiKey)", () => {
  const API = "sk-live-a1b2c3d4e5f6";
  const S = new Set(["sekoiaApiKey"]);

  it("sekoiaApiKey alone: the intake in the stack's region, the only entity, the program's name", () => {
    const s = parse({ zoneId: Z1, sekoiaApiKey: API, region: "USA1" }, S);
    expect(s.intakeKey).toBeUndefined();
    expect(s.sekoiaIntake).toEqual({ apiKey: API, region: "USA1" });
    expect(s.zones[0].args).toMatchObject({ zoneId: Z1, region: "USA1" });
  });

  it("sekoiaEntity, sekoiaIntakeName and sekoiaApiUrl go to the intake", () => {
    const s = parse(
      {
        zoneId: Z1,
        sekoiaApiKey: API,
        sekoiaEntity: "Paris",
        sekoiaIntakeName: "WAF",
        sekoiaApiUrl: "https://proxy.example/api",
      },
      S,
    );
    expect(s.sekoiaIntake).toEqual({
      apiKey: API,
      region: "FRA1",
      entity: "Paris",
      intakeName: "WAF",
      apiUrl: "https://proxy.example/api",
    });
  });

  it("refuses both keys, a plain-text API key, and intake settings without an API key; never prints the keys", () => {
    const both = problems({ zoneId: Z1, intakeKey: KEY, sekoiaApiKey: API }, new Set(["intakeKey", "sekoiaApiKey"]));
    expect(both).toMatch(/intakeKey and sekoiaApiKey are both set; keep one[\s\S]*pulumi config rm sekoiaApiKey/);
    const plain = problems({ zoneId: Z1, sekoiaApiKey: API }, new Set());
    expect(plain).toMatch(/sekoiaApiKey is stored in plain text[\s\S]*fix: pulumi config set --secret sekoiaApiKey/);
    expect(problems({ zoneId: Z1, intakeKey: KEY, sekoiaEntity: "Paris" })).toMatch(
      /sekoiaEntity only applies with sekoiaApiKey[\s\S]*fix: pulumi config rm sekoiaEntity/,
    );
    for (const m of [both, plain]) {
      expect(m).not.toContain(API);
      expect(m).not.toContain(KEY);
    }
  });

  it("an API URL must be https (http on loopback only, for the sandbox)", () => {
    expect(problems({ zoneId: Z1, sekoiaApiKey: API, sekoiaApiUrl: "http://api.sekoia.io" }, S)).toMatch(
      /sekoiaApiUrl must use https \(http only on 127.0.0.1\), got http:/,
    );
    expect(
      parse({ zoneId: Z1, sekoiaApiKey: API, sekoiaApiUrl: "http://127.0.0.1:8080" }, S).sekoiaIntake?.apiUrl,
    ).toBe("http://127.0.0.1:8080");
  });

  it("every zone sends to the stack's one intake: a zone in another region is refused", () => {
    const zones = JSON.stringify([Z1, { zoneId: Z2, region: "USA1" }]);
    expect(problems({ zones, sekoiaApiKey: API, region: "FRA2" }, S)).toMatch(
      /zones\[1\]\.region is USA1 but the intake pulumi up creates is in FRA2/,
    );
    expect(
      parse({ zones: JSON.stringify([Z1, { zoneId: Z2, region: "FRA2" }]), sekoiaApiKey: API, region: "FRA2" }, S)
        .zones,
    ).toHaveLength(2);
  });
});
