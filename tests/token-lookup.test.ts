import * as cloudflare from "@pulumi/cloudflare";
import { FirewallEventsLogpush } from "../components";
import { resolvePermissionGroupIds } from "../components/token-scope";
import {
  API_TOKEN,
  GROUPS,
  PERMISSION_GROUPS,
  PERMISSION_GROUP_RESULTS,
  installMocks,
  settle,
} from "../components/testing/mocks";

// This file's tests run in order and share one program: the lookup is cached for the program's lifetime.
const zoneId = (i: number) => i.toString(16).padStart(32, "0");
const mocks = installMocks();

async function deployZones(from: number, to: number, provider?: cloudflare.Provider) {
  const comps = [];
  for (let i = from; i < to; i++) {
    comps.push(new FirewallEventsLogpush(`zone-${i}`, { zoneId: zoneId(i), intakeKey: "KEY123" }, { provider }));
  }
  await settle(comps.flatMap((c) => [c.job, c.apiToken]));
  return comps;
}

describe("permission group lookup", () => {
  it("one zone: one lookup, at zone scope", async () => {
    await deployZones(1, 2);
    expect(mocks.invokes.filter((i) => i.token === PERMISSION_GROUPS).map((i) => i.args)).toEqual([
      { scope: "com.cloudflare.api.account.zone" },
    ]);
  });

  it("50 zones in one program: still one lookup, 50 tokens each on its own zone", async () => {
    await deployZones(2, 51);
    expect(mocks.invokeCount(PERMISSION_GROUPS)).toBe(1);
    const tokens = mocks.byType(API_TOKEN);
    expect(tokens).toHaveLength(50);
    const resources = tokens.map((t) => Object.keys(JSON.parse(t.inputs.policies[0].resources)));
    expect(new Set(resources.flat()).size).toBe(50);
    expect(resources.every((keys) => keys.length === 1)).toBe(true);
  });

  it("a second explicit provider (another account) gets its own lookup, once", async () => {
    const other = new cloudflare.Provider("other-account", { apiToken: "x" });
    const before = mocks.invokeCount(PERMISSION_GROUPS);
    await deployZones(60, 63, other);
    expect(mocks.invokeCount(PERMISSION_GROUPS)).toBe(before + 1);
  });
});

describe("resolvePermissionGroupIds", () => {
  it("returns the zone-scoped IDs sorted, whatever the order asked", () => {
    expect(resolvePermissionGroupIds(PERMISSION_GROUP_RESULTS, ["Logs Read", "Analytics Read"])).toEqual([
      GROUPS.analyticsRead,
      GROUPS.logsRead,
    ]);
    expect(resolvePermissionGroupIds([...PERMISSION_GROUP_RESULTS].reverse(), ["Analytics Read", "Logs Read"])).toEqual(
      [GROUPS.analyticsRead, GROUPS.logsRead],
    );
  });

  it("names every missing group and lists what exists", () => {
    expect(() => resolvePermissionGroupIds(PERMISSION_GROUP_RESULTS, ["Logs Read", "Logs Reed", "DNS Read"])).toThrow(
      /apiToken\.permissions: no zone-scoped Cloudflare permission group named "Logs Reed", "DNS Read"; zone-scoped groups include: Analytics Read, Logs Read, Logs Write, Zone Read/,
    );
  });

  it("an account-scoped group of the right name does not count", () => {
    const accountOnly = PERMISSION_GROUP_RESULTS.filter((g) => !g.scopes.includes("com.cloudflare.api.account.zone"));
    expect(() => resolvePermissionGroupIds(accountOnly, ["Logs Read"])).toThrow(/no zone-scoped group/);
  });
});
