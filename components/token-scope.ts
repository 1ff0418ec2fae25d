/**
 * The API token's scope: read-only, on one zone (the guide's "Read analytics
 * and logs" template: zone Analytics Read + zone Logs Read) or, for an
 * account-scoped job, on one account (account Analytics Read + account Logs
 * Read). The per-scope names and keys are in `scope.ts`.
 *
 * Cloudflare does not publish permission group IDs, so they are looked up by
 * name and scope at deploy time, once per program, provider and scope however
 * many zones or accounts the program deploys.
 */
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import { SCOPES, scopedResources, type LogpushScope } from "./scope";

/** The permission groups of the dashboard's "Read analytics and logs" template (zone scope). */
export const DEFAULT_TOKEN_PERMISSIONS: readonly string[] = SCOPES.zone.defaultPermissions;

/** The scope of zone-level permission groups. */
export const ZONE_SCOPE = SCOPES.zone.permissionScope;

/** The scope of account-level permission groups. */
export const ACCOUNT_SCOPE = SCOPES.account.permissionScope;

/** The token policy's `resources`: this zone and nothing else, as the JSON string the provider takes. */
export function zoneResources(zoneId: string): string {
  return scopedResources("zone", zoneId);
}

/** The token policy's `resources`: this account and nothing else (`com.cloudflare.api.account.<ID>` → `*`). */
export function accountResources(accountId: string): string {
  return scopedResources("account", accountId);
}

/** A permission group as the lookup returns it (the fields this package reads). */
export interface PermissionGroup {
  readonly id: string;
  readonly name: string;
  readonly scopes?: readonly string[];
}

/**
 * The IDs of the named permission groups of `scope`, sorted as the API sorts
 * them (by ID) so that refreshes show no drift. Throws, naming the missing
 * groups, when one does not exist at that scope. Same-named groups of the other
 * scope are never picked: "Logs Read" exists at both with different IDs.
 */
export function resolvePermissionGroupIds(
  groups: readonly PermissionGroup[],
  names: readonly string[],
  scope: LogpushScope = "zone",
): string[] {
  const { permissionScope, noun } = SCOPES[scope];
  const scoped = groups.filter((g) => (g.scopes ?? []).includes(permissionScope));
  const missing: string[] = [];
  const ids = names.map((name) => {
    const match = scoped.find((g) => g.name === name);
    if (!match) missing.push(name);
    return match?.id ?? "";
  });
  if (missing.length > 0) {
    const known = [...new Set(scoped.map((g) => g.name))].sort();
    throw new Error(
      `apiToken.permissions: no ${noun}-scoped Cloudflare permission group named ${missing.map((m) => `"${m}"`).join(", ")}` +
        (known.length > 0
          ? `; ${noun}-scoped groups include: ${known.slice(0, 60).join(", ")}`
          : `; the lookup returned no ${noun}-scoped group (does the deploying credential hold API Tokens Read?)`),
    );
  }
  return [...new Set(ids)].sort();
}

// One lookup per provider and scope for the whole program: 50 zones must not mean 50 API calls.
const lookups = new Map<pulumi.ProviderResource | undefined, Map<LogpushScope, Promise<PermissionGroup[]>>>();

/** The permission groups of `scope`, looked up once per program, provider and scope. */
export function permissionGroups(scope: LogpushScope, provider?: pulumi.ProviderResource): Promise<PermissionGroup[]> {
  const byScope = lookups.get(provider) ?? new Map<LogpushScope, Promise<PermissionGroup[]>>();
  lookups.set(provider, byScope);
  let lookup = byScope.get(scope);
  if (!lookup) {
    lookup = cloudflare
      .getApiTokenPermissionGroupsList({ scope: SCOPES[scope].permissionScope }, { provider })
      .then((r) => r.results.map((g) => ({ id: g.id, name: g.name, scopes: g.scopes })));
    byScope.set(scope, lookup);
  }
  return lookup;
}
