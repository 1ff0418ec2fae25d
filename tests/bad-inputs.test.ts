import { FirewallEventsLogpush, InvalidArgumentsError, type FirewallEventsLogpushArgs } from "../components";
import { installMocks } from "../components/testing/mocks";

const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";
const KEY = "QH6RXx8kmVq0GjHwVyUnJzY4cs2pdLoAT";
const mocks = installMocks();

const leaf = (key: string, operator: string, value: unknown) => ({ key, operator, value });

// [what is wrong, the bad arguments, what the message must say]
const CASES: Array<[string, Record<string, unknown>, RegExp]> = [
  ["zone ID too short", { zoneId: "023e105f" }, /zoneId must be 32 lowercase hexadecimal characters.*"023e105f"/],
  ["zone ID in upper case", { zoneId: ZONE.toUpperCase() }, /zoneId .*write it in lower case/],
  [
    "zone ID with a non-hex letter",
    { zoneId: "g23e105f4ecef8ad9ca31a8372d0c353" },
    /zoneId must be 32 lowercase hexadecimal/,
  ],
  ["zone ID a number", { zoneId: 42 }, /zoneId must be a string .* got number/],
  ["zone ID missing", { zoneId: undefined }, /zoneId or accountId is required: the zone's 32-character ID/],
  [
    "both a zone ID and an account ID",
    { accountId: ZONE },
    /set exactly one of zoneId \(a job for one zone\) and accountId \(one job for every zone of the account\), not both/,
  ],
  [
    "ZoneName asked of a zone job",
    { fields: ["RayID", "ZoneName"] },
    /fields\[1\] "ZoneName" is only offered by the account-scoped dataset; .*set accountId instead of zoneId/,
  ],
  [
    "a zone job filtered on ZoneName",
    { filter: { where: { and: [leaf("ClientCountry", "eq", "fr"), leaf("ZoneName", "eq", "example.com")] } } },
    /filter\.where\.and\[1\]\.key "ZoneName" is only offered by the account-scoped dataset/,
  ],
  ["intake key missing", { intakeKey: undefined }, /intakeKey is required/],
  ["intake key empty", { intakeKey: "" }, /intakeKey is empty/],
  ["intake key with a space", { intakeKey: "abc def" }, /intakeKey contains whitespace/],
  ["intake key with a newline", { intakeKey: "abcdef\n" }, /intakeKey contains whitespace, a control character/],
  ["intake key with '&'", { intakeKey: "abc&header_X=1" }, /intakeKey contains '&', '='/],
  ["intake key with '?'", { intakeKey: "abc?x" }, /intakeKey contains '\?'/],
  ["intake key with '#'", { intakeKey: "abc#frag" }, /intakeKey contains '#'/],
  ["intake key with '/'", { intakeKey: "https://evil.example/" }, /intakeKey contains '\/'/],
  ["intake key already URL-encoded", { intakeKey: "abc%20def" }, /intakeKey contains '%'/],
  ["intake key with a NUL", { intakeKey: "abc\u0000def" }, /intakeKey contains a control character/],
  ["unknown region", { region: "SIN1" }, /region must be one of FRA1, FRA2, MCO1, UAE1, USA1, SGP1, got "SIN1"/],
  ["region in lower case", { region: "fra2" }, /region .*did you mean "FRA2"/],
  [
    "unknown field",
    { fields: ["Action", "ClientIp"] },
    /fields\[1\] "ClientIp" is not a firewall_events field \(did you mean "ClientIP"\?\)/,
  ],
  ["duplicate field", { fields: ["Action", "RayID", "Action"] }, /fields\[2\] "Action" is listed twice/],
  ["no fields", { fields: [] }, /fields is empty/],
  ["fields not a list", { fields: "Action,RayID" }, /fields must be a list of firewall_events field names, got string/],
  ["field not a string", { fields: ["Action", 7] }, /fields\[1\] must be a field name/],
  [
    "unknown timestamp format",
    { timestampFormat: "iso8601" },
    /timestampFormat must be one of rfc3339, rfc3339ms, rfc3339ns, unixnano, unix, got "iso8601"/,
  ],
  [
    "maxUploadBytes below the minimum",
    { maxUploadBytes: 1_000_000 },
    /maxUploadBytes must be a whole number of bytes \(uncompressed\) from 5000000 to 1000000000, or 0 to turn the limit off, got 1000000/,
  ],
  ["maxUploadBytes above the maximum", { maxUploadBytes: 2_000_000_000 }, /maxUploadBytes .* got 2000000000/],
  ["maxUploadBytes not whole", { maxUploadBytes: 5_000_000.5 }, /maxUploadBytes must be a whole number/],
  [
    "maxUploadRecords below the minimum",
    { maxUploadRecords: 999 },
    /maxUploadRecords .*from 1000 to 1000000.* got 999/,
  ],
  ["maxUploadRecords negative", { maxUploadRecords: -1 }, /maxUploadRecords .* got -1/],
  ["maxUploadRecords as text", { maxUploadRecords: "1000" }, /maxUploadRecords must be a whole number .* got "1000"/],
  [
    "maxUploadIntervalSeconds too short",
    { maxUploadIntervalSeconds: 10 },
    /maxUploadIntervalSeconds .*from 30 to 300.* got 10/,
  ],
  ["maxUploadIntervalSeconds too long", { maxUploadIntervalSeconds: 301 }, /maxUploadIntervalSeconds .* got 301/],
  ["sample rate 0", { sampleRate: 0 }, /sampleRate must be a number greater than 0 and at most 1/],
  ["sample rate above 1", { sampleRate: 1.5 }, /sampleRate .* got 1.5/],
  [
    "job name with a space",
    { jobName: "my job" },
    /jobName must be 1 to 512 characters, each a letter, a digit, '-' or '\.', got "my job"/,
  ],
  ["job name too long", { jobName: "a".repeat(513) }, /jobName must be 1 to 512/],
  ["enabled as text", { enabled: "yes" }, /enabled must be true or false, got "yes"/],
  [
    "filter without where",
    { filter: { key: "ClientCountry", operator: "eq", value: "fr" } },
    /filter must be an object with a single key "where"/,
  ],
  [
    "filter on an unknown field",
    { filter: { where: leaf("Country", "eq", "fr") } },
    /filter\.where\.key must be a filterable firewall_events field .* got "Country"/,
  ],
  [
    "filter with an unknown operator",
    { filter: { where: leaf("ClientCountry", "equals", "fr") } },
    /filter\.where\.operator must be one of eq, !eq, lt/,
  ],
  [
    "filter 'in' without a list",
    { filter: { where: leaf("ClientCountry", "in", "fr") } },
    /filter\.where\.value must be a non-empty list for "in", each a string for ClientCountry, got "fr"/,
  ],
  [
    "filter 'gt' on a text field",
    { filter: { where: leaf("ClientCountry", "gt", 3) } },
    /filter\.where\.operator "gt" does not apply to ClientCountry \(string\); on ClientCountry use eq, !eq, startsWith/,
  ],
  [
    "filter 'lt' with a value that is not a number",
    { filter: { where: leaf("EdgeResponseStatus", "lt", "five hundred") } },
    /filter\.where\.value must be a whole number \(or its digits as a string, as in "499"\) for "lt" on EdgeResponseStatus/,
  ],
  [
    "filter 'contains' with a number",
    { filter: { where: leaf("ClientRequestPath", "contains", 1) } },
    /value must be a string for "contains" on ClientRequestPath, got 1/,
  ],
  [
    "filter group mixed with a condition",
    { filter: { where: { and: [leaf("ClientCountry", "eq", "fr")], key: "ClientCountry" } } },
    /filter\.where must be exactly one of/,
  ],
  ["filter with an empty group", { filter: { where: { or: [] } } }, /filter\.where\.or must be a non-empty list/],
  [
    "filter nested error is located",
    { filter: { where: { and: [leaf("ClientCountry", "eq", "fr"), { or: [leaf("RayID", "startsWith", "")] }] } } },
    /filter\.where\.and\[1\]\.or\[0\]\.value must be a non-empty string for "startsWith"/,
  ],
  [
    "filter too large",
    {
      filter: {
        where: leaf(
          "ClientRequestPath",
          "in",
          Array.from({ length: 80 }, (_, i) => `/path/number/${i}`),
        ),
      },
    },
    /filter is \d+ bytes as JSON; Cloudflare accepts at most 1000/,
  ],
  [
    "filter with too many conditions",
    { filter: { where: { or: Array.from({ length: 31 }, (_, i) => leaf("EdgeResponseStatus", "eq", 400 + i)) } } },
    /filter has 31 conditions; Cloudflare accepts at most 30/,
  ],
  [
    "token expiry in another format",
    { apiToken: { expiresOn: "2027-01-31" } },
    /apiToken\.expiresOn must be a UTC date-time like "2027-01-31T00:00:00Z"/,
  ],
  [
    "token IP range malformed",
    { apiToken: { allowedIpRanges: ["10.0.0.0/33"] } },
    /apiToken\.allowedIpRanges\[0\] must be an IPv4 or IPv6 address or CIDR range/,
  ],
  ["token IP allow-list empty", { apiToken: { allowedIpRanges: [] } }, /apiToken\.allowedIpRanges is empty/],
  [
    "token permissions duplicated",
    { apiToken: { permissions: ["Logs Read", "Logs Read"] } },
    /apiToken\.permissions\[1\] "Logs Read" is listed twice/,
  ],
  [
    "token option misspelt",
    { apiToken: { expiresAt: "2027-01-31T00:00:00Z" } },
    /apiToken has unknown option\(s\) expiresAt/,
  ],
  ["token create as text", { apiToken: { create: "no" } }, /apiToken\.create must be true or false/],
];

const ACCOUNT = "01a7362d577a6c3019a474fd6f485823";

// The same quality for an account-scoped job: [what is wrong, bad arguments (on { accountId, intakeKey }), message]
const ACCOUNT_CASES: Array<[string, Record<string, unknown>, RegExp]> = [
  [
    "account ID too short",
    { accountId: "01a7362d" },
    /accountId must be 32 lowercase hexadecimal characters \(the Account ID on the account's Overview page.*"01a7362d"/,
  ],
  ["account ID in upper case", { accountId: ACCOUNT.toUpperCase() }, /accountId .*write it in lower case/],
  ["account ID a number", { accountId: 7 }, /accountId must be a string .* got number/],
  [
    "account ID missing (neither ID)",
    { accountId: undefined },
    /zoneId or accountId is required: the zone's 32-character ID .* or the account's/,
  ],
  [
    "ZoneName misspelt",
    { fields: ["Zonename"] },
    /fields\[0\] "Zonename" is not a firewall_events field \(did you mean "ZoneName"\?\)/,
  ],
  ["ZoneName listed twice", { fields: ["ZoneName", "RayID", "ZoneName"] }, /fields\[2\] "ZoneName" is listed twice/],
  [
    "ZoneName compared as a number",
    { filter: { where: leaf("ZoneName", "gt", 3) } },
    /filter\.where\.operator "gt" (compares numbers, but ZoneName is of type string|does not apply to ZoneName)/,
  ],
  [
    "ZoneName 'in' without a list",
    { filter: { where: leaf("ZoneName", "in", "example.com") } },
    /filter\.where\.value must be a non-empty list/,
  ],
  [
    "account token with a write permission",
    { apiToken: { permissions: ["Logs Write"] } },
    /apiToken\.permissions\[0\] "Logs Write" is not a read permission/,
  ],
];

describe("bad inputs of an account-scoped job fail at construction, naming the argument", () => {
  it.each(ACCOUNT_CASES)("%s", (_what, bad, message) => {
    const args = { accountId: ACCOUNT, intakeKey: KEY, ...bad } as unknown as FirewallEventsLogpushArgs;
    const before = mocks.resources.length;
    expect(() => new FirewallEventsLogpush("bad", args)).toThrow(message);
    expect(mocks.resources.length).toBe(before);
  });

  it("accepts ZoneName in fields and filters at account scope (the boundary the zone cases refuse)", () => {
    expect(
      () =>
        new FirewallEventsLogpush("ok-account", {
          accountId: ACCOUNT,
          intakeKey: KEY,
          fields: ["RayID", "ZoneName"],
          filter: { where: leaf("ZoneName", "in", ["example.com"]) },
        }),
    ).not.toThrow();
  });
});

describe("bad inputs fail at construction (pulumi preview), naming the argument and what is valid", () => {
  it(`covers at least 30 cases (${CASES.length})`, () => expect(CASES.length).toBeGreaterThanOrEqual(30));

  it.each(CASES)("%s", (_what, bad, message) => {
    const args = { zoneId: ZONE, intakeKey: KEY, ...bad } as unknown as FirewallEventsLogpushArgs;
    const before = mocks.resources.length;
    let error: unknown;
    try {
      new FirewallEventsLogpush("bad", args);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidArgumentsError);
    expect((error as Error).message).toMatch(message);
    expect(mocks.resources.length).toBe(before); // nothing was declared
  });

  it("never prints the intake key, even when the key is what is wrong", () => {
    const secret = "S3cr3t&Value#With/All?Bad=Chars%";
    expect(() => new FirewallEventsLogpush("bad", { zoneId: ZONE, intakeKey: secret })).toThrow(InvalidArgumentsError);
    try {
      new FirewallEventsLogpush("bad", { zoneId: ZONE, intakeKey: secret });
    } catch (e) {
      expect((e as Error).message).not.toContain("S3cr3t");
    }
  });

  it("reports every problem at once", () => {
    expect(
      () => new FirewallEventsLogpush("bad", { zoneId: "x", intakeKey: "", region: "EU" as never, fields: [] }),
    ).toThrow(/zoneId must be[\s\S]*intakeKey is empty[\s\S]*region must be one of[\s\S]*fields is empty/);
  });
});
