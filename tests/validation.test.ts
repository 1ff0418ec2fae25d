import {
  isIpOrCidr,
  validateExpiresOn,
  validateFields,
  validateIntakeKey,
  validateJobName,
  validateUploadLimit,
  validateZoneId,
  validateAccountId,
} from "../components/validation";
import { scopeOf } from "../components/scope";
import { accountResources, zoneResources } from "../components/token-scope";
import { accountMigrationFilter, cutoverNanos, zoneHandOverFilter } from "../components/migration";
import { findOverlaps } from "../components/overlap";
import { validateFilter } from "../components/filter";
import { missingFields } from "../components/args";

// The other side of bad-inputs.test.ts: what users will write must pass.
describe("valid inputs pass the pure checks", () => {
  it.each(["192.0.2.1", "192.0.2.0/24", "0.0.0.0/0", "2001:db8::/32", "2001:db8::1", "::/0"])("IP range %s", (v) =>
    expect(isIpOrCidr(v)).toBe(true),
  );
  it.each(["192.0.2.0/33", "2001:db8::/129", "192.0.2.0/", "192.0.2.0/24/1", "example.com", "192.0.2.0/+1"])(
    "not an IP range: %s",
    (v) => expect(isIpOrCidr(v)).toBe(false),
  );

  it("SEKOIA-style keys and keys with URL-safe punctuation", () => {
    for (const k of ["QH6RXx8kmVq0GjHwVyUnJzY4cs2pdLoAT", "a-b_c.d~e", "ab+cd:ef@"])
      expect(validateIntakeKey(k)).toEqual([]);
  });

  it("limits at their bounds, and 0 for off", () => {
    for (const v of [0, 5_000_000, 1_000_000_000]) expect(validateUploadLimit(v, "maxUploadBytes")).toEqual([]);
    for (const v of [0, 1_000, 1_000_000]) expect(validateUploadLimit(v, "maxUploadRecords")).toEqual([]);
    for (const v of [0, 30, 300]) expect(validateUploadLimit(v, "maxUploadIntervalSeconds")).toEqual([]);
  });

  it("zone IDs, job names, expiry dates, deprecated fields", () => {
    expect(validateZoneId("023e105f4ecef8ad9ca31a8372d0c353")).toEqual([]);
    expect(validateJobName("www.example.com-waf")).toEqual([]);
    expect(validateExpiresOn("2027-01-31T00:00:00Z")).toEqual([]);
    expect(validateExpiresOn("2027-02-31T00:00:00Z")).not.toEqual([]); // no 31 February, although the shape is right
    expect(validateFields(["FirewallForAIInjectionScore", "RayID"])).toEqual([]);
  });

  it("filters from Cloudflare's documentation", () => {
    expect(
      validateFilter({
        where: {
          and: [
            { key: "ClientCountry", operator: "!eq", value: "ca" },
            { key: "EdgeResponseStatus", operator: "geq", value: 400 },
          ],
        },
      }),
    ).toEqual([]);
    expect(
      validateFilter({
        where: {
          or: [
            { key: "ClientCountry", operator: "in", value: ["fr", "de"] },
            { and: [{ key: "ClientRequestPath", operator: "contains", value: "/static" }] },
          ],
        },
      }),
    ).toEqual([]);
    expect(validateFilter({ where: { key: "EdgeResponseStatus", operator: "in", value: [200, 201] } })).toEqual([]);
  });
});

describe("missingFields", () => {
  it("lists the chosen fields the zone does not offer, in the chosen order", () => {
    expect(missingFields(["Action", "Ref", "RayID", "Description"], ["Action", "RayID"])).toEqual([
      "Ref",
      "Description",
    ]);
    expect(missingFields(["Action"], ["Action", "RayID"])).toEqual([]);
  });
});

describe("the account scope's pure checks", () => {
  const ACCOUNT = "01a7362d577a6c3019a474fd6f485823";

  it("validateAccountId: 32 lowercase hex passes; 31 characters, upper case, a 33rd character are refused", () => {
    expect(validateAccountId(ACCOUNT)).toEqual([]);
    expect(validateAccountId(ACCOUNT.slice(1))).toEqual([expect.stringMatching(/accountId must be 32 lowercase/)]);
    expect(validateAccountId(`${ACCOUNT}0`)).toEqual([expect.stringMatching(/accountId must be 32 lowercase/)]);
    expect(validateAccountId(ACCOUNT.toUpperCase())).toEqual([expect.stringMatching(/write it in lower case/)]);
  });

  it("validateFields: ZoneName passes at account scope and is refused at zone scope, with the way out", () => {
    expect(validateFields(["RayID", "ZoneName"], "fields", "account")).toEqual([]);
    expect(validateFields(["RayID", "ZoneName"])).toEqual([
      expect.stringMatching(/fields\[1\] "ZoneName" is only offered by the account-scoped dataset.*set accountId/),
    ]);
  });

  it("scopeOf: exactly one of zoneId and accountId", () => {
    expect(scopeOf({ zoneId: "z" })).toBe("zone");
    expect(scopeOf({ accountId: "a" })).toBe("account");
    expect(scopeOf({ zoneId: "z", accountId: "a" })).toMatch(/set exactly one of zoneId .* and accountId/);
    expect(scopeOf({})).toMatch(/zoneId or accountId is required/);
    expect(scopeOf({ zoneId: null, accountId: undefined })).toMatch(/is required/);
  });

  it("the token resources: this account alone, under the account prefix", () => {
    expect(JSON.parse(accountResources(ACCOUNT))).toEqual({ [`com.cloudflare.api.account.${ACCOUNT}`]: "*" });
    expect(JSON.parse(zoneResources(ACCOUNT))).toEqual({ [`com.cloudflare.api.account.zone.${ACCOUNT}`]: "*" });
  });
});

describe("migration filters", () => {
  const T = "1790000000000000000";

  it("cutoverNanos: whole seconds, epoch nanoseconds as exact digits", () => {
    const t = cutoverNanos(new Date("2026-09-20T10:00:00.750Z"));
    expect(t).toBe(`${Date.parse("2026-09-20T10:00:00Z") / 1000}000000000`);
    expect(t).toMatch(/^\d{19}$/);
  });

  it("build filters the component accepts, for each step", () => {
    const filters = [
      accountMigrationFilter([], [{ zones: ["example.com"], at: T }]),
      accountMigrationFilter(["example.com"], [{ zones: ["example.org", "example.net"], at: T }]),
      accountMigrationFilter(["example.com", "example.org"], [{ zones: "all", at: T }]),
      accountMigrationFilter(["example.com"]),
      zoneHandOverFilter(T),
      zoneHandOverFilter(T, { where: { key: "ClientCountry", operator: "!eq", value: "fr" } }),
    ];
    for (const f of filters) expect(validateFilter(f)).toEqual([]);
    expect(filters[0]).toEqual({
      where: {
        and: [
          { key: "ZoneName", operator: "eq", value: "example.com" },
          { key: "Datetime", operator: "geq", value: T },
        ],
      },
    });
    expect(filters[2].where.or?.[1]).toEqual({ key: "Datetime", operator: "geq", value: T });
    expect(filters[5].where.and?.[1]).toEqual({ key: "Datetime", operator: "lt", value: T });
  });

  it("refuse a step that names no zone", () => {
    expect(() => accountMigrationFilter([])).toThrow(/no zone moved and none handed over/);
    expect(() => accountMigrationFilter([], [{ zones: [], at: T }])).toThrow(/names no zone/);
  });
});

describe("findOverlaps, the pure check behind allowOverlap", () => {
  const zone = { at: "zones[0]", zoneId: "z".repeat(32), zoneName: "example.com", enabled: true };
  const account = { at: "accounts[0]", accountId: "a".repeat(32), enabled: true };
  const where = (w: unknown) => ({ filter: { where: w } as never });

  it.each([
    ["no account filter", {}, {}, true],
    [
      "the zone's name in the account's in-list",
      {},
      where({ key: "ZoneName", operator: "in", value: ["example.com"] }),
      true,
    ],
    ["another name only", {}, where({ key: "ZoneName", operator: "in", value: ["example.org"] }), false],
    [
      "the zone job stops at T, the account starts at T",
      where({ key: "Datetime", operator: "lt", value: 5e9 }),
      where({ key: "Datetime", operator: "geq", value: 5e9 }),
      false,
    ],
    [
      "the zone job stops one second after the account starts",
      where({ key: "Datetime", operator: "lt", value: 6e9 }),
      where({ key: "Datetime", operator: "geq", value: 5e9 }),
      true,
    ],
    [
      "the zone job stops at T, the account starts at T for its zone only",
      where({ key: "Datetime", operator: "leq", value: 5e9 }),
      where({
        and: [
          { key: "ZoneName", operator: "eq", value: "example.com" },
          { key: "Datetime", operator: "gt", value: 5e9 },
        ],
      }),
      false,
    ],
  ])("%s → overlap %s", (_what, z, a, expected) => {
    expect(findOverlaps([{ ...zone, ...z }], [{ ...account, ...a }]).length > 0).toBe(expected);
  });
});
