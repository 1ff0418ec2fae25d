/**
 * The two places a firewall_events Logpush job can live, side by side: one
 * zone (the guide's way), or one account, whose job receives the events of
 * every zone of the account (Cloudflare changelog 2026-06-30, "The
 * account-scoped firewall_events dataset"). Everything that differs between
 * them is in the table below, so the component, the token, `adopt` and the
 * stack program read one row instead of branching.
 */
import { ACCOUNT_FIELD_NAMES, FIELD_NAMES, GUIDE_FIELDS, type FirewallEventsField } from "./fields";

/** Where a Logpush job lives. */
export type LogpushScope = "zone" | "account";

/** Everything that depends on the scope. */
export interface ScopeRules {
  /** The argument (and LogpushJob input) that carries the ID. */
  readonly idArg: "zoneId" | "accountId";
  /** "zone" or "account", for messages. */
  readonly noun: string;
  /** Where the user finds the ID, for messages. */
  readonly whereToFindId: string;
  /** Scope of the API token permission groups (`getApiTokenPermissionGroupsList` `scopes`). */
  readonly permissionScope: string;
  /** The token `resources` key prefix; the ID follows after a dot. */
  readonly resourcePrefix: string;
  /** Path segment of the provider's import ID (`zones/<id>/<job>` or `accounts/<id>/<job>`). */
  readonly importPrefix: "zones" | "accounts";
  /** Permission groups of the read-only token made for the job. */
  readonly defaultPermissions: readonly string[];
  /** The fields this scope's dataset offers. */
  readonly fields: readonly FirewallEventsField[];
  /** The default `fields`: the guide's 28, plus what the scope adds. */
  readonly defaultFields: readonly FirewallEventsField[];
  /** Prefix of the job's default name; the ID follows. Zone and account jobs live in separate lists: one prefix. */
  readonly jobNamePrefix: string;
  /** Prefix of the token's default name; the ID follows. Tokens share the user's one list: the account's says so. */
  readonly tokenNamePrefix: string;
}

/**
 * The two scopes. Token scopes and resource keys: Cloudflare "API token permissions"
 * (developers.cloudflare.com/fundamentals/api/reference/permissions, 2026-10-01): account
 * permissions apply to `com.cloudflare.api.account`, zone permissions to
 * `com.cloudflare.api.account.zone`. The account twins of the zone template "Read analytics
 * and logs" are "Account Analytics Read" and "Logs Read" (same names, other IDs).
 */
export const SCOPES: Readonly<Record<LogpushScope, ScopeRules>> = {
  zone: {
    idArg: "zoneId",
    noun: "zone",
    whereToFindId: "the Zone ID on the zone's Overview page",
    permissionScope: "com.cloudflare.api.account.zone",
    resourcePrefix: "com.cloudflare.api.account.zone",
    importPrefix: "zones",
    defaultPermissions: ["Analytics Read", "Logs Read"],
    fields: FIELD_NAMES,
    defaultFields: GUIDE_FIELDS,
    jobNamePrefix: "sekoia-firewall-events-",
    tokenNamePrefix: "sekoia-logpush-",
  },
  account: {
    idArg: "accountId",
    noun: "account",
    whereToFindId: "the Account ID on the account's Overview page, or in the dashboard URL",
    permissionScope: "com.cloudflare.api.account",
    resourcePrefix: "com.cloudflare.api.account",
    importPrefix: "accounts",
    defaultPermissions: ["Account Analytics Read", "Logs Read"],
    fields: ACCOUNT_FIELD_NAMES,
    // The guide's 28 plus ZoneName: without it an account job's events would not say which zone they came from.
    defaultFields: [...GUIDE_FIELDS, "ZoneName"],
    jobNamePrefix: "sekoia-firewall-events-",
    tokenNamePrefix: "sekoia-logpush-account-",
  },
};

/** The component name the stack program gives a zone's or an account's job (and `adopt` by default). */
export const defaultComponentName = (id: string, scope: LogpushScope = "zone"): string => `${SCOPES[scope].noun}-${id}`;

/** The token `resources` key that grants a policy on this zone or account alone. */
export function resourceKey(scope: LogpushScope, id: string): string {
  return `${SCOPES[scope].resourcePrefix}.${id}`;
}

/** The token policy's `resources`: this zone or account and nothing else, as the JSON string the provider takes. */
export function scopedResources(scope: LogpushScope, id: string): string {
  return JSON.stringify({ [resourceKey(scope, id)]: "*" });
}

/** The scope named by arguments that carry `zoneId` and/or `accountId`, or the problem with them. */
export function scopeOf(args: { zoneId?: unknown; accountId?: unknown }): LogpushScope | string {
  const given = (v: unknown) => v !== undefined && v !== null;
  const zone = given(args.zoneId);
  const account = given(args.accountId);
  if (zone && account)
    return "set exactly one of zoneId (a job for one zone) and accountId (one job for every zone of the account), not both";
  if (!zone && !account)
    return "zoneId or accountId is required: the zone's 32-character ID (a job for that zone), or the account's (one job for every zone of the account)";
  return zone ? "zone" : "account";
}
