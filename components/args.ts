/**
 * The component's arguments, their defaults (the guide's values), and the pure
 * function that checks them all at construction, i.e. at `pulumi preview`.
 */
import * as pulumi from "@pulumi/pulumi";
import { isAccountOnlyField, type FirewallEventsField } from "./fields";
import { validateFilter, serialiseFilter, type FilterNode, type LogpushFilter } from "./filter";
import { SCOPES, scopeOf, type LogpushScope } from "./scope";
import { DEFAULT_REGION, type SekoiaRegion } from "./sekoia";
import {
  type Problems,
  type TimestampFormat,
  validateBoolean,
  validateExpiresOn,
  validateFields,
  validateIntakeKey,
  validateIpRanges,
  validateJobName,
  validateLabel,
  validateReadPermissions,
  validateRegion,
  validateSampleRate,
  validateTimestampFormat,
  validateTokenNamePrefix,
  validateUploadLimit,
  validateScopeId,
} from "./validation";

/** Options of the API token the component creates for the zone (or the account). */
export interface ApiTokenOptions {
  /**
   * Create the token. Default `true`. Set `false` when you already hand out a
   * token, or when the deploying credential lacks "API Tokens Write".
   */
  create?: boolean;
  /**
   * Prefix of the token's name in the dashboard, at most 111 characters: a stable random suffix
   * (`-` and 8 hex characters) is appended so two stacks never make look-alike tokens, and Cloudflare
   * takes at most 120 characters in all. Default `sekoia-logpush-<zoneId>` (account scope:
   * `sekoia-logpush-account-<accountId>`).
   */
  name?: string;
  /**
   * Permission group names of the job's scope, read permissions only (names ending in " Read").
   * Default `["Analytics Read", "Logs Read"]` at zone scope, the guide's "Read analytics and logs"
   * template; `["Account Analytics Read", "Logs Read"]` at account scope. Looked up by name and
   * scope at deploy time.
   */
  permissions?: string[];
  /** When the token stops working, as a UTC date-time like `"2027-01-31T00:00:00Z"`. Default: never. */
  expiresOn?: string;
  /** IP addresses or CIDR ranges the token may be used from (`condition.requestIp.in`). Default: any. */
  allowedIpRanges?: string[];
  /**
   * Any value; changing it replaces the token with a new one (the new token is
   * created before the old one is deleted). Use it to rotate the token.
   */
  rotation?: string;
}

/** The arguments of `FirewallEventsLogpush`. */
export interface FirewallEventsLogpushArgs {
  /**
   * The Cloudflare zone ID (32 lowercase hexadecimal characters, from the zone's Overview page):
   * a job for this zone. Give exactly one of `zoneId` and `accountId`.
   */
  zoneId?: pulumi.Input<string>;
  /**
   * The Cloudflare account ID (32 lowercase hexadecimal characters): one account-scoped job that
   * receives the firewall events of every zone of the account, new zones included, each with its
   * `ZoneName`. Give exactly one of `zoneId` and `accountId`.
   */
  accountId?: pulumi.Input<string>;
  /**
   * The SEKOIA intake key (SEKOIA: Intakes, format "Cloudflare"). Handled as a
   * secret: it is only ever stored inside the job's secret destination.
   */
  intakeKey: pulumi.Input<string>;
  /** The SEKOIA region of your tenant: FRA1, FRA2, MCO1, UAE1, USA1 or SGP1. Default `"FRA1"`. */
  region?: SekoiaRegion;
  /**
   * The firewall_events fields to send, in order (Logpush `field_names`). Default: the guide's 28 fields,
   * in the guide's order (account scope: then `ZoneName`). Each must be a documented field of the
   * scope's dataset (`FIELD_NAMES`; `ZoneName` at account scope only): `tsc` refuses a misspelt one,
   * and other languages get the names as an enum.
   */
  fields?: FirewallEventsField[];
  /**
   * Logpush `timestamp_format` of `Datetime`: rfc3339, rfc3339ms, rfc3339ns, unixnano or unix.
   * Default `"rfc3339"`, as in the guide.
   */
  timestampFormat?: TimestampFormat;
  /** Largest batch, uncompressed: 5,000,000 to 1,000,000,000 bytes, or 0 (off). Default `5000000`, as in the guide. */
  maxUploadBytes?: number;
  /** Most records per batch: 1,000 to 1,000,000, or 0 (off). Default `1000`, as in the guide. */
  maxUploadRecords?: number;
  /** Longest wait before a batch is sent: 30 to 300 seconds, or 0 (off). Default: Cloudflare's. */
  maxUploadIntervalSeconds?: number;
  /** Share of events sent, greater than 0 and at most 1. Default: all events. */
  sampleRate?: number;
  /**
   * A Logpush filter (`{ where: … }`) on firewall_events fields, sent as JSON, checked at preview against
   * Cloudflare's rules: Action, Description, Kind, MatchIndex, Metadata, OriginatorRayID, RuleID, Source
   * and object fields cannot be filtered (keep "only blocked requests" in SEKOIA), and each operator
   * takes only some field types (see the README's Filters). Default: no filter.
   */
  filter?: LogpushFilter;
  /** Whether the job runs. Default `true` (the provider would default to `false`). */
  enabled?: boolean;
  /**
   * The job's name: letters, digits, '-' and '.', at most 512. Default `sekoia-firewall-events-<zoneId>`
   * (account scope: `sekoia-firewall-events-<accountId>`).
   */
  jobName?: string;
  /**
   * Check at preview that every chosen field is offered to this zone (or account) (the
   * guide's "retrieve all available fields" call). Default `false`.
   */
  validateFieldsAgainstZone?: boolean;
  /** The API token made for the job. Default: create one, read-only, on this zone (or account) only. */
  apiToken?: ApiTokenOptions;
}

/** The job settings with every default applied: what the LogpushJob is given. */
export interface JobSettings {
  region: SekoiaRegion;
  fields: FirewallEventsField[];
  timestampFormat: TimestampFormat;
  maxUploadBytes: number;
  maxUploadRecords: number;
  maxUploadIntervalSeconds?: number;
  sampleRate?: number;
  /** The filter as the JSON string the API takes. */
  filter?: string;
  enabled: boolean;
}

/** The guide's job settings. */
export const DEFAULTS = {
  region: DEFAULT_REGION,
  timestampFormat: "rfc3339",
  maxUploadBytes: 5_000_000,
  maxUploadRecords: 1_000,
  enabled: true,
} as const;

const known = (v: unknown): boolean => v !== undefined;
// An Output or a promise resolves later; anything else is checked now.
const deferred = (v: unknown): boolean => pulumi.Output.isInstance(v) || v instanceof Promise;

/**
 * Every problem with the arguments that is known now. `zoneId` and `intakeKey`
 * given as Outputs or promises are checked by the component once they resolve.
 */
export function validateArgs(args: FirewallEventsLogpushArgs): Problems {
  if (typeof args !== "object" || args === null)
    return ["args must be an object with at least zoneId (or accountId) and intakeKey"];
  const p: Problems = [];
  const found = scopeOf(args);
  const scope: LogpushScope = found === "account" ? "account" : "zone";
  if (found !== "zone" && found !== "account") p.push(found);
  else if (!deferred(args[SCOPES[scope].idArg])) p.push(...validateScopeId(scope, args[SCOPES[scope].idArg]));
  if (args.intakeKey === undefined || args.intakeKey === null)
    p.push("intakeKey is required: the key of your SEKOIA intake");
  else if (!deferred(args.intakeKey)) p.push(...validateIntakeKey(args.intakeKey));
  if (known(args.region)) p.push(...validateRegion(args.region));
  if (known(args.fields)) p.push(...validateFields(args.fields, "fields", scope));
  if (known(args.timestampFormat)) p.push(...validateTimestampFormat(args.timestampFormat));
  for (const limit of ["maxUploadBytes", "maxUploadRecords", "maxUploadIntervalSeconds"] as const) {
    if (known(args[limit])) p.push(...validateUploadLimit(args[limit], limit));
  }
  if (known(args.sampleRate)) p.push(...validateSampleRate(args.sampleRate));
  if (known(args.filter)) {
    const filterProblems = validateFilter(args.filter);
    p.push(...filterProblems);
    if (filterProblems.length === 0 && scope === "zone") p.push(...accountOnlyFilterKeys(args.filter as LogpushFilter));
  }
  if (known(args.enabled)) p.push(...validateBoolean(args.enabled, "enabled"));
  if (known(args.jobName)) p.push(...validateJobName(args.jobName));
  if (known(args.validateFieldsAgainstZone))
    p.push(...validateBoolean(args.validateFieldsAgainstZone, "validateFieldsAgainstZone"));
  if (known(args.apiToken)) p.push(...validateApiTokenOptions(args.apiToken, scope));
  return p;
}

/** The scope of valid arguments: `"account"` when `accountId` is given, else `"zone"`. */
export function scopeOfArgs(args: Pick<FirewallEventsLogpushArgs, "zoneId" | "accountId">): LogpushScope {
  return scopeOf(args) === "account" ? "account" : "zone";
}

/** A zone job's filter may not read `ZoneName`: the zone dataset does not have it. */
function accountOnlyFilterKeys(filter: LogpushFilter): Problems {
  const keys = (node: FilterNode, at: string): Array<[string, string]> =>
    node.and
      ? node.and.flatMap((n, i) => keys(n, `${at}.and[${i}]`))
      : node.or
        ? node.or.flatMap((n, i) => keys(n, `${at}.or[${i}]`))
        : [[at, String(node.key)]];
  return keys(filter.where, "filter.where")
    .filter(([, key]) => isAccountOnlyField(key))
    .map(
      ([at, key]) =>
        `${at}.key "${key}" is only offered by the account-scoped dataset; a zone job's events all come from its zone (remove the condition, or set accountId instead of zoneId)`,
    );
}

/** The `apiToken` options. */
export function validateApiTokenOptions(t: unknown, scope: LogpushScope = "zone"): Problems {
  if (typeof t !== "object" || t === null || Array.isArray(t))
    return ['apiToken must be an object like { create: true, expiresOn: "2027-01-31T00:00:00Z" }'];
  const o = t as ApiTokenOptions;
  const p: Problems = [];
  const allowed = ["create", "name", "permissions", "expiresOn", "allowedIpRanges", "rotation"];
  const extra = Object.keys(o).filter((k) => !allowed.includes(k));
  if (extra.length > 0) p.push(`apiToken has unknown option(s) ${extra.join(", ")}; known: ${allowed.join(", ")}`);
  if (known(o.create)) p.push(...validateBoolean(o.create, "apiToken.create"));
  if (known(o.name)) p.push(...validateTokenNamePrefix(o.name));
  if (known(o.permissions)) p.push(...validateReadPermissions(o.permissions, "apiToken.permissions", scope));
  if (known(o.expiresOn)) p.push(...validateExpiresOn(o.expiresOn));
  if (known(o.allowedIpRanges)) p.push(...validateIpRanges(o.allowedIpRanges));
  if (known(o.rotation)) p.push(...validateLabel(o.rotation, "apiToken.rotation", 200));
  return p;
}

/** The job settings with defaults applied. Call after `validateArgs` found nothing. */
export function resolveJobSettings(args: Omit<FirewallEventsLogpushArgs, "intakeKey">): JobSettings {
  return {
    region: args.region ?? DEFAULTS.region,
    fields: [...(args.fields ?? SCOPES[scopeOfArgs(args)].defaultFields)],
    timestampFormat: args.timestampFormat ?? DEFAULTS.timestampFormat,
    maxUploadBytes: args.maxUploadBytes ?? DEFAULTS.maxUploadBytes,
    maxUploadRecords: args.maxUploadRecords ?? DEFAULTS.maxUploadRecords,
    ...(args.maxUploadIntervalSeconds !== undefined && { maxUploadIntervalSeconds: args.maxUploadIntervalSeconds }),
    ...(args.sampleRate !== undefined && { sampleRate: args.sampleRate }),
    ...(args.filter !== undefined && { filter: serialiseFilter(args.filter) }),
    enabled: args.enabled ?? DEFAULTS.enabled,
  };
}

/** The token permission names with the scope's default applied. */
export function tokenPermissions(options: ApiTokenOptions | undefined, scope: LogpushScope = "zone"): string[] {
  return [...(options?.permissions ?? SCOPES[scope].defaultPermissions)];
}

/** The fields the job asks for that the zone does not offer. */
export function missingFields(chosen: readonly string[], offered: readonly string[]): string[] {
  const available = new Set(offered);
  return chosen.filter((f) => !available.has(f));
}
