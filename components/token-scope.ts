/**
 * The API token's scope: the guide's "Read analytics and logs" template
 * (zone Analytics Read + zone Logs Read), on one zone only.
 *
 * Cloudflare does not publish permission group IDs, so they are looked up by
 * name and zone scope at deploy time, once per program and provider however
 * many zones the program deploys.
 */
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";

/** The permission groups of the dashboard's "Read analytics and logs" template. */
export const DEFAULT_TOKEN_PERMISSIONS: readonly string[] = ["Analytics Read", "Logs Read"];

/** The scope of zone-level permission groups. */
export const ZONE_SCOPE = "com.cloudflare.api.account.zone";

/** The token `resources` key that grants a policy on one zone. */
export function zoneResourceKey(zoneId: string): string {
  return `${ZONE_SCOPE}.${zoneId}`;
}

/** The token policy's `resources`: this zone and nothing else, as the JSON string the provider takes. */
export function zoneResources(zoneId: string): string {
  return JSON.stringify({ [zoneResourceKey(zoneId)]: "*" });
}

/** A permission group as the lookup returns it (the fields this package reads). */
export interface PermissionGroup {
  readonly id: string;
  readonly name: string;
  readonly scopes?: readonly string[];
}

/**
 * The IDs of the named zone-scoped permission groups, sorted as the API sorts
 * them (by ID) so that refreshes show no drift. Throws, naming the missing
 * groups, when one does not exist at zone scope.
 */
export function resolvePermissionGroupIds(groups: readonly PermissionGroup[], names: readonly string[]): string[] {
  const zoneGroups = groups.filter((g) => (g.scopes ?? []).includes(ZONE_SCOPE));
  const missing: string[] = [];
  const ids = names.map((name) => {
    const match = zoneGroups.find((g) => g.name === name);
    if (!match) missing.push(name);
    return match?.id ?? "";
  });
  if (missing.length > 0) {
    const known = [...new Set(zoneGroups.map((g) => g.name))].sort();
    throw new Error(
      `apiToken.permissions: no zone-scoped Cloudflare permission group named ${missing.map((m) => `"${m}"`).join(", ")}` +
        (known.length > 0
          ? `; zone-scoped groups include: ${known.slice(0, 60).join(", ")}`
          : "; the lookup returned no zone-scoped group (does the deploying credential hold API Tokens Read?)"),
    );
  }
  return [...new Set(ids)].sort();
}

// One lookup per provider for the whole program: 50 zones must not mean 50 API calls.
const lookups = new Map<pulumi.ProviderResource | undefined, Promise<PermissionGroup[]>>();

/** The zone-scoped permission groups, looked up once per program and provider. */
export function zonePermissionGroups(provider?: pulumi.ProviderResource): Promise<PermissionGroup[]> {
  let lookup = lookups.get(provider);
  if (!lookup) {
    lookup = cloudflare
      .getApiTokenPermissionGroupsList({ scope: ZONE_SCOPE }, { provider })
      .then((r) => r.results.map((g) => ({ id: g.id, name: g.name, scopes: g.scopes })));
    lookups.set(provider, lookup);
  }
  return lookup;
}
