/**
 * The account way in the stack config: accountId (one account) or accounts
 * (a list, with per-account overrides as zones has), beside zoneId / zones,
 * and the refusal of a zone delivered twice (by its zone job and an account job).
 */
import { InvalidArgumentsError, GUIDE_FIELDS } from "../components";
import { parseStackConfig, parseStackFile, type RawConfig } from "../components/stack-config";

const Z1 = "023e105f4ecef8ad9ca31a8372d0c353";
const Z2 = "1b2c3d4e5f60718293a4b5c6d7e8f901";
const A1 = "01a7362d577a6c3019a474fd6f485823";
const A2 = "9f8e7d6c5b4a39281706f5e4d3c2b1a0";
const KEY = "QH6RXx8kmVq0GjHwVyUnJzY4cs2pdLoAT";
const SECRET = new Set(["intakeKey"]);
const T = "1790000000000000000"; // a cut-over instant, epoch nanoseconds as digits

const parse = (raw: RawConfig) => parseStackConfig(raw, SECRET);
const problems = (raw: RawConfig): string => {
  try {
    parse(raw);
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidArgumentsError);
    return (e as Error).message;
  }
  throw new Error("expected the config to be refused");
};
const json = (v: unknown) => JSON.stringify(v);
const leaf = (key: string, operator: string, value: unknown) => ({ key, operator, value });

describe("stack config: one account", () => {
  it("accountId and intakeKey alone give one account job with the scope's defaults and a token", () => {
    const s = parse({ accountId: A1, intakeKey: KEY });
    expect(s.zones).toEqual([]);
    expect(s.accounts).toEqual([
      { name: `account-${A1}`, accountId: A1, args: { accountId: A1, apiToken: { create: true } } },
    ]);
  });

  it("stack-wide settings reach the account job", () => {
    const s = parse({
      accountId: A1,
      intakeKey: KEY,
      region: "FRA2",
      fields: json([...GUIDE_FIELDS, "ZoneName"]),
      filter: json({ where: leaf("ZoneName", "in", ["example.com"]) }),
      createApiToken: "false",
    });
    expect(s.accounts[0].args).toMatchObject({
      region: "FRA2",
      fields: [...GUIDE_FIELDS, "ZoneName"],
      filter: { where: leaf("ZoneName", "in", ["example.com"]) },
      apiToken: { create: false },
    });
  });

  it("names the key and the fix for a bad account ID", () => {
    expect(problems({ accountId: "01A7362D577A6C3019A474FD6F485823", intakeKey: KEY })).toMatch(
      /accountId must be 32 lowercase hexadecimal characters \(the Account ID.*write it in lower case[\s\S]*fix: pulumi config set accountId/,
    );
  });

  it("refuses accountId and accounts together", () => {
    expect(problems({ accountId: A1, accounts: json([A2]), intakeKey: KEY })).toMatch(
      /set at most one of accountId \(one account per stack\) and accounts/,
    );
  });

  it("a misspelt account key is caught", () => {
    expect(problems({ accountID: A1, intakeKey: KEY })).toMatch(
      /accountID is not a setting .*did you mean accountId\?/,
    );
  });
});

describe("stack config: many accounts", () => {
  it("reads IDs and objects with overrides, in order, with their own names", () => {
    const s = parse({
      intakeKey: KEY,
      region: "FRA1",
      accounts: json([
        A1,
        { accountId: A2, name: "prod", region: "USA1", jobName: "prod-firewall", createApiToken: false },
      ]),
    });
    expect(s.accounts.map((a) => [a.name, a.args.region, a.args.jobName, a.args.apiToken?.create])).toEqual([
      [`account-${A1}`, "FRA1", undefined, true],
      ["prod", "USA1", "prod-firewall", false],
    ]);
  });

  it("names the entry at fault, with the fix", () => {
    const m = problems({ intakeKey: KEY, accounts: json([A1, { accountId: A2, region: "EU" }, "nope"]) });
    expect(m).toMatch(/accounts\[1\]\.region must be one of[\s\S]*fix: pulumi config set --path 'accounts\[0\]'/);
    expect(m).toMatch(/accounts\[2\]\.accountId must be 32 lowercase/);
  });

  it("an unknown key in an entry, an empty list, a repeated account, a name used twice", () => {
    expect(problems({ intakeKey: KEY, accounts: json([{ accountId: A1, zoneId: Z1 }]) })).toMatch(
      /accounts\[0\]: .*zoneId/,
    );
    expect(problems({ intakeKey: KEY, accounts: "[]" })).toMatch(/accounts: /);
    expect(problems({ intakeKey: KEY, accounts: json([A1, A2, A1]) })).toMatch(
      /accounts\[2\] repeats the account ID "01a7362d577a6c3019a474fd6f485823" of accounts\[0\]/,
    );
    expect(
      problems({
        intakeKey: KEY,
        zones: json([{ zoneId: Z1, name: "x", accountId: A2 }]),
        accounts: json([{ accountId: A1, name: "x" }]),
      }),
    ).toMatch(/accounts\[0\] repeats the name "x" of zones\[0\]/);
  });

  it("ZoneName belongs to account jobs: refused stack-wide when zone jobs would get it, accepted per account", () => {
    expect(
      problems({
        intakeKey: KEY,
        zones: json([{ zoneId: Z1, accountId: A2 }]),
        accountId: A1,
        fields: json(["RayID", "ZoneName"]),
      }),
    ).toMatch(
      /fields\[1\] "ZoneName" is only offered by the account-scoped dataset[\s\S]*fix: pulumi config set --path 'fields\[0\]'/,
    );
    const s = parse({
      intakeKey: KEY,
      zones: json([{ zoneId: Z1, accountId: A2 }]),
      accounts: json([{ accountId: A1, fields: ["RayID", "ZoneName"] }]),
    });
    expect(s.accounts[0].args.fields).toEqual(["RayID", "ZoneName"]);
  });
});

describe("stack config: a zone delivered twice is refused unless allowOverlap", () => {
  it("a zone job beside an unfiltered account job: refused, with the migration steps and the opt-in", () => {
    const m = problems({ intakeKey: KEY, zones: json([{ zoneId: Z1, zoneName: "example.com" }]), accountId: A1 });
    expect(m).toMatch(
      /zones\[0\] \(zone 023e105f4ecef8ad9ca31a8372d0c353, example\.com\) would also be delivered by accountId \(account 01a7362d577a6c3019a474fd6f485823\): SEKOIA would receive its events twice \(accountId has no filter/,
    );
    expect(m).toMatch(/Migrating zone jobs to an account job/);
    expect(m).toMatch(/cut-over time T/);
    expect(m).toMatch(/fix: pulumi config set allowOverlap true/);
  });

  it("one zoneId beside one accountId: refused too (the zone's account is unknown)", () => {
    expect(problems({ intakeKey: KEY, zoneId: Z1, accountId: A1 })).toMatch(
      /zoneId \(zone 023e.*\) would also be delivered by accountId/,
    );
  });

  it("allowOverlap: true accepts it", () => {
    const s = parse({ intakeKey: KEY, zoneId: Z1, accountId: A1, allowOverlap: "true" });
    expect([s.zones.length, s.accounts.length]).toEqual([1, 1]);
  });

  it("a zone of another account never overlaps", () => {
    expect(() => parse({ intakeKey: KEY, zones: json([{ zoneId: Z1, accountId: A2 }]), accountId: A1 })).not.toThrow();
    expect(problems({ intakeKey: KEY, zones: json([{ zoneId: Z1, accountId: A1 }]), accountId: A1 })).toMatch(
      /would also be delivered/,
    );
  });

  it("a disabled zone job or a disabled account job never overlaps", () => {
    expect(() => parse({ intakeKey: KEY, zones: json([{ zoneId: Z1, enabled: false }]), accountId: A1 })).not.toThrow();
    expect(() =>
      parse({ intakeKey: KEY, zones: json([Z1]), accounts: json([{ accountId: A1, enabled: false }]) }),
    ).not.toThrow();
  });

  it("an account filter that leaves the zone out by ZoneName: accepted; one that lets it in: refused", () => {
    const zones = json([{ zoneId: Z1, zoneName: "shop.example.net" }]);
    const filtered = (where: unknown) => json([{ accountId: A1, filter: { where } }]);
    for (const where of [
      leaf("ZoneName", "in", ["example.com", "example.org"]),
      leaf("ZoneName", "!eq", "shop.example.net"),
      { and: [leaf("ZoneName", "eq", "example.com"), leaf("ClientCountry", "eq", "fr")] },
      leaf("ZoneName", "!endsWith", ".net"),
    ])
      expect(() => parse({ intakeKey: KEY, zones, accounts: filtered(where) })).not.toThrow();
    for (const where of [
      leaf("ZoneName", "in", ["example.com", "shop.example.net"]),
      leaf("ZoneName", "endsWith", ".net"),
      leaf("ClientCountry", "eq", "fr"), // says nothing of the zone: it may deliver it
      { or: [leaf("ZoneName", "eq", "example.com"), leaf("ClientCountry", "eq", "fr")] },
    ])
      expect(problems({ intakeKey: KEY, zones, accounts: filtered(where) })).toMatch(
        /would also be delivered by accounts\[0\].*filter does not leave out ZoneName "shop\.example\.net"/,
      );
  });

  it("a zone entry without zoneName beside a filtered account job: refused, asking for the zoneName", () => {
    expect(
      problems({
        intakeKey: KEY,
        zones: json([Z1]),
        accounts: json([{ accountId: A1, filter: { where: leaf("ZoneName", "eq", "example.com") } }]),
      }),
    ).toMatch(/zones\[0\] has no zoneName, so whether accounts\[0\]'s filter leaves it out cannot be told/);
  });

  it("the hand-over at a cut-over time T (zone job before T, account job from T): accepted; a gap-free but overlapping pair: refused", () => {
    const zones = (zoneWhere: unknown) =>
      json([{ zoneId: Z1, zoneName: "shop.example.net", filter: { where: zoneWhere } }]);
    const accounts = (from: string) =>
      json([
        {
          accountId: A1,
          filter: {
            where: {
              or: [
                leaf("ZoneName", "in", ["example.com"]),
                { and: [leaf("ZoneName", "eq", "shop.example.net"), leaf("Datetime", "geq", from)] },
              ],
            },
          },
        },
      ]);
    expect(() =>
      parse({ intakeKey: KEY, zones: zones(leaf("Datetime", "lt", T)), accounts: accounts(T) }),
    ).not.toThrow();
    // The zone job still sends up to T + 1 s while the account job starts at T: both send that second.
    expect(
      problems({ intakeKey: KEY, zones: zones(leaf("Datetime", "lt", "1790000001000000000")), accounts: accounts(T) }),
    ).toMatch(/would also be delivered/);
  });

  it("a bad zoneName or zone accountId names the entry", () => {
    expect(problems({ intakeKey: KEY, zones: json([{ zoneId: Z1, zoneName: "Example.COM" }]) })).toMatch(
      /zones\[0\]\.zoneName: a zone name as Cloudflare lists it, in lower case/,
    );
    expect(problems({ intakeKey: KEY, zones: json([Z1, { zoneId: Z2, accountId: "x" }]) })).toMatch(
      /zones\[1\]\.accountId must be 32 lowercase hexadecimal/,
    );
  });
});

describe("stack files", () => {
  it("reads accountId, accounts and allowOverlap from a Pulumi.<stack>.yaml as the CLI would", () => {
    const file = parseStackFile(
      [
        "config:",
        `  cloudflare-sekoia-logpush:accounts:`,
        `    - accountId: ${A1}`,
        `      filter: { where: { key: ZoneName, operator: in, value: [example.com] } }`,
        `  cloudflare-sekoia-logpush:zones:`,
        `    - { zoneId: ${Z1}, zoneName: shop.example.net }`,
        `  cloudflare-sekoia-logpush:intakeKey: { secure: v1:abc }`,
      ].join("\n"),
    );
    const s = parseStackConfig({ ...file.raw, intakeKey: KEY }, file.secretKeys);
    expect(s.accounts[0].args.filter).toEqual({ where: leaf("ZoneName", "in", ["example.com"]) });
    expect(s.zones[0].zoneId).toBe(Z1);
  });
});
