/**
 * Pure checks of the component's inputs. Each returns the list of problems it
 * found (empty when the value is valid); every message names the argument and
 * what would be valid, and none repeats a secret value.
 */
import * as net from "net";
import { FIELD_INFO, isAccountOnlyField } from "./fields";
import { echo, oneLine } from "./messages";
import { SCOPES, type LogpushScope } from "./scope";
import { DESTINATION_CONF_MAX_LENGTH, MAX_ENCODED_INTAKE_KEY_LENGTH, SEKOIA_REGIONS, isSekoiaRegion } from "./sekoia";

/** One problem with one argument. */
export type Problems = string[];

/** Thrown by the component (and the stack program) when inputs are invalid; lists every problem at once. */
export class InvalidArgumentsError extends Error {
  constructor(
    readonly subject: string,
    readonly problems: readonly string[],
  ) {
    super(
      `${oneLine(subject, 300)}: invalid arguments:\n${problems.map((p) => `  - ${boundedProblem(p)}`).join("\n")}`,
    );
    this.name = "InvalidArgumentsError";
  }
}

/** Longest problem line; the field catalogue a `fields` problem lists fits well within it. */
const MAX_PROBLEM_CHARS = 4000;

// A problem is ours up to the echoed values in it: each line is made printable and cut, the "fix:" lines kept apart.
const boundedProblem = (problem: string): string =>
  problem
    .split("\n")
    .map((line) => oneLine(line, MAX_PROBLEM_CHARS))
    .join("\n");

/** Throws an `InvalidArgumentsError` when any problem was found. */
export function assertNoProblems(subject: string, problems: Problems): void {
  if (problems.length > 0) throw new InvalidArgumentsError(subject, problems);
}

const describe = (value: unknown): string =>
  value === undefined ? "undefined" : value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;

// Cloudflare IDs are lowercase hex; an upper-case copy would differ from what the API returns and diff forever.
const ZONE_ID = /^[0-9a-f]{32}$/;

/** `zoneId` or `accountId`: a Cloudflare ID, 32 lowercase hexadecimal characters. */
export function validateCloudflareId(value: unknown, arg: string, whereToFind: string): Problems {
  if (typeof value !== "string")
    return [`${arg} must be a string of 32 lowercase hexadecimal characters, got ${describe(value)}`];
  if (!ZONE_ID.test(value)) {
    const hint = /^[0-9a-fA-F]{32}$/.test(value) ? " (write it in lower case, as the API returns it)" : "";
    return [`${arg} must be 32 lowercase hexadecimal characters (${whereToFind}), got ${echo(value)}${hint}`];
  }
  return [];
}

/** The ID of the job's zone or account (`zoneId` / `accountId` by default): 32 lowercase hexadecimal characters. */
export function validateScopeId(scope: LogpushScope, value: unknown, arg: string = SCOPES[scope].idArg): Problems {
  return validateCloudflareId(value, arg, SCOPES[scope].whereToFindId);
}

/** `zoneId`: a Cloudflare zone ID, 32 lowercase hexadecimal characters. */
export function validateZoneId(value: unknown, arg = "zoneId"): Problems {
  return validateScopeId("zone", value, arg);
}

/** `accountId`: a Cloudflare account ID, 32 lowercase hexadecimal characters. */
export function validateAccountId(value: unknown, arg = "accountId"): Problems {
  return validateScopeId("account", value, arg);
}

// C0 control characters and DEL: never part of a key or a label.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

// Characters that would end or rewrite the destination URL's query (or hide in it) if a key carried them.
const KEY_FORBIDDEN: ReadonlyArray<[RegExp, string]> = [
  [/\s/, "whitespace"],
  [CONTROL, "a control character"],
  [/&/, "'&'"],
  [/\?/, "'?'"],
  [/#/, "'#'"],
  [/=/, "'='"],
  [/\//, "'/'"],
  [/%/, "'%'"],
];

/**
 * `intakeKey`: the SEKOIA intake key. Its format is not documented, so it is
 * treated as opaque, but anything that could rewrite the destination URL is
 * refused. The messages never repeat the key.
 */
export function validateIntakeKey(value: unknown, arg = "intakeKey"): Problems {
  if (typeof value !== "string")
    return [`${arg} must be a string (the key of your SEKOIA intake), got ${describe(value)}`];
  if (value.length === 0) return [`${arg} is empty: copy the key from the SEKOIA intake page`];
  const found = KEY_FORBIDDEN.filter(([re]) => re.test(value)).map(([, what]) => what);
  if (found.length > 0) {
    return [
      `${arg} contains ${found.join(", ")}, which could rewrite the destination URL; a SEKOIA intake key is letters and digits (check for a stray space or a pasted URL)`,
    ];
  }
  const encoded = encodedLength(value);
  if (encoded === undefined)
    return [`${arg} contains a broken character (half of a UTF-16 pair) that no URL can carry; copy the key again`];
  if (encoded > MAX_ENCODED_INTAKE_KEY_LENGTH) {
    return [
      `${arg} is ${encoded} characters once URL-encoded; the job's destination (intake URL + key) must fit in Cloudflare's ${DESTINATION_CONF_MAX_LENGTH} characters, so a key can be at most ${MAX_ENCODED_INTAKE_KEY_LENGTH} (a SEKOIA key is about 33 letters and digits: check that nothing else was pasted with it)`,
    ];
  }
  return [];
}

/** The key's length in the destination URL, or undefined when it cannot be encoded (a lone surrogate). */
function encodedLength(value: string): number | undefined {
  try {
    return encodeURIComponent(value).length;
  } catch {
    return undefined;
  }
}

/** `region`: one of the SEKOIA regions whose intake URL is known. */
export function validateRegion(value: unknown, arg = "region"): Problems {
  if (isSekoiaRegion(value)) return [];
  const hint =
    typeof value === "string" && isSekoiaRegion(value.toUpperCase()) ? ` (did you mean "${value.toUpperCase()}"?)` : "";
  return [`${arg} must be one of ${SEKOIA_REGIONS.join(", ")}, got ${echo(value)}${hint}`];
}

/** The timestamp formats Logpush offers. */
export const TIMESTAMP_FORMATS = ["rfc3339", "rfc3339ms", "rfc3339ns", "unixnano", "unix"] as const;
/** A Logpush `output_options.timestamp_format`. */
export type TimestampFormat = (typeof TIMESTAMP_FORMATS)[number];

/** `timestampFormat`: one of Logpush's formats. */
export function validateTimestampFormat(value: unknown, arg = "timestampFormat"): Problems {
  if (typeof value === "string" && (TIMESTAMP_FORMATS as readonly string[]).includes(value)) return [];
  return [`${arg} must be one of ${TIMESTAMP_FORMATS.join(", ")}, got ${echo(value)}`];
}

/**
 * `fields`: a non-empty list of fields the scope's dataset offers, each once. `ZoneName` is
 * offered by the account-scoped dataset only (Cloudflare changelog 2026-06-30).
 */
export function validateFields(value: unknown, arg = "fields", scope: LogpushScope = "zone"): Problems {
  const offered: readonly string[] = SCOPES[scope].fields;
  if (!Array.isArray(value)) return [`${arg} must be a list of firewall_events field names, got ${describe(value)}`];
  if (value.length === 0)
    return [`${arg} is empty: choose at least one firewall_events field (the default is the guide's 28)`];
  const problems: Problems = [];
  const seen = new Set<string>();
  value.forEach((name: unknown, i) => {
    if (typeof name !== "string") {
      problems.push(`${arg}[${i}] must be a field name (a string), got ${describe(name)}`);
      return;
    }
    if (scope === "zone" && isAccountOnlyField(name)) {
      problems.push(
        `${arg}[${i}] ${echo(name)} is only offered by the account-scoped dataset; a zone job's events all come from its zone (remove it, or set accountId instead of zoneId)`,
      );
      return;
    }
    if (!offered.includes(name) || !FIELD_INFO.has(name)) {
      const near = offered.find((f) => f.toLowerCase() === name.toLowerCase());
      problems.push(
        `${arg}[${i}] ${echo(name)} is not a firewall_events field${near ? ` (did you mean "${near}"?)` : ""}; known fields: ${offered.join(", ")}`,
      );
      return;
    }
    if (seen.has(name)) problems.push(`${arg}[${i}] ${echo(name)} is listed twice; list each field once`);
    seen.add(name);
  });
  return problems;
}

/** An inclusive range of allowed values, with 0 meaning "off" where the API allows it. */
interface Range {
  readonly min: number;
  readonly max: number;
  readonly zeroDisables: boolean;
  readonly unit: string;
}

/** Cloudflare's ranges for the `max_upload_*` limits of a Logpush job. */
export const UPLOAD_LIMITS = {
  maxUploadBytes: { min: 5_000_000, max: 1_000_000_000, zeroDisables: true, unit: "bytes (uncompressed)" },
  maxUploadRecords: { min: 1_000, max: 1_000_000, zeroDisables: true, unit: "records" },
  maxUploadIntervalSeconds: { min: 30, max: 300, zeroDisables: true, unit: "seconds" },
} as const satisfies Record<string, Range>;

/** One `max_upload_*` limit: a whole number in Cloudflare's range, or 0 (off). */
export function validateUploadLimit(value: unknown, arg: keyof typeof UPLOAD_LIMITS): Problems {
  const r: Range = UPLOAD_LIMITS[arg];
  const valid = `a whole number of ${r.unit} from ${r.min} to ${r.max}${r.zeroDisables ? ", or 0 to turn the limit off" : ""}`;
  if (typeof value !== "number" || !Number.isInteger(value)) return [`${arg} must be ${valid}, got ${echo(value)}`];
  // -0 equals 0 but is not what Cloudflare stores or returns ("-0" would diff forever): refused as written.
  if (Object.is(value, -0)) return [`${arg} must be ${valid}, got -0`];
  if ((value === 0 && r.zeroDisables) || (value >= r.min && value <= r.max)) return [];
  return [`${arg} must be ${valid}, got ${value}`];
}

/** `sampleRate`: the share of events Logpush keeps, greater than 0 and at most 1. */
export function validateSampleRate(value: unknown, arg = "sampleRate"): Problems {
  if (typeof value === "number" && Number.isFinite(value) && value > 0 && value <= 1) return [];
  return [`${arg} must be a number greater than 0 and at most 1 (1 keeps every event), got ${echo(value)}`];
}

// Cloudflare's older schema allowed only these characters; the newer one is laxer. The strict rule is the safe guess.
const JOB_NAME = /^[A-Za-z0-9.-]{1,512}$/;

/** `jobName`: 1 to 512 letters, digits, '-' or '.'. */
export function validateJobName(value: unknown, arg = "jobName"): Problems {
  if (typeof value === "string" && JOB_NAME.test(value)) return [];
  return [`${arg} must be 1 to 512 characters, each a letter, a digit, '-' or '.', got ${echo(value)}`];
}

/**
 * A component's resource name as the stack program gives it (a zone entry's `name`): 1 to 100 letters,
 * digits, '_', '.' or '-'. Pulumi joins names into URNs with "::" and import files are line-based to
 * many tools, so a newline or "::" would forge another resource's identity.
 */
export const RESOURCE_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

/** `name`: a component's resource name (see RESOURCE_NAME). */
export function validateResourceName(value: unknown, arg = "name"): Problems {
  if (typeof value === "string" && RESOURCE_NAME.test(value)) return [];
  return [`${arg} must be 1 to 100 letters, digits, '_', '.' or '-' (a resource name), got ${echo(value)}`];
}

/** `enabled`, `create` and other switches: a boolean. */
export function validateBoolean(value: unknown, arg: string): Problems {
  return typeof value === "boolean" ? [] : [`${arg} must be true or false, got ${echo(value)}`];
}

// The form Cloudflare stores token dates in; any other form would come back changed and diff.
const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** `expiresOn`: a UTC date-time in the form `2027-01-31T00:00:00Z`. */
export function validateExpiresOn(value: unknown, arg = "apiToken.expiresOn"): Problems {
  // The round trip catches dates the parser would roll over, such as 31 February.
  const real = (v: string) => !Number.isNaN(Date.parse(v)) && new Date(v).toISOString().replace(".000Z", "Z") === v;
  if (typeof value === "string" && RFC3339_UTC.test(value) && real(value)) return [];
  return [`${arg} must be a UTC date-time like "2027-01-31T00:00:00Z" (seconds, no fraction, Z), got ${echo(value)}`];
}

/** True when `value` is an IPv4 or IPv6 address, or a CIDR range of one. */
export function isIpOrCidr(value: string): boolean {
  const [address, prefix, ...rest] = value.split("/");
  const family = net.isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/** `allowedIpRanges`: addresses or CIDR ranges the token may be used from. */
export function validateIpRanges(value: unknown, arg = "apiToken.allowedIpRanges"): Problems {
  if (!Array.isArray(value)) return [`${arg} must be a list of IP addresses or CIDR ranges, got ${describe(value)}`];
  const problems: Problems = [];
  if (value.length === 0)
    problems.push(`${arg} is empty: leave it out to allow every address, or list at least one range`);
  value.forEach((v: unknown, i) => {
    if (typeof v !== "string" || !isIpOrCidr(v)) {
      problems.push(`${arg}[${i}] must be an IPv4 or IPv6 address or CIDR range like "192.0.2.0/24", got ${echo(v)}`);
    }
  });
  return problems;
}

/** A list of distinct, non-empty names (permission group names, for instance). */
export function validateNameList(value: unknown, arg: string, what: string): Problems {
  if (!Array.isArray(value) || value.length === 0)
    return [`${arg} must be a non-empty list of ${what}, got ${describe(value)}`];
  const problems: Problems = [];
  value.forEach((v: unknown, i) => {
    if (typeof v !== "string" || v.trim() === "")
      problems.push(`${arg}[${i}] must be a non-empty string (one of ${what})`);
    else if (value.indexOf(v) !== i) problems.push(`${arg}[${i}] ${echo(v)} is listed twice`);
  });
  return problems;
}

/**
 * Cloudflare's API token `name` is at most 120 characters. The component names
 * a token `<prefix>-<suffix>`, the suffix being `suffixBytes` random bytes in
 * hex, so the prefix may take what is left: 120 - 1 - 8 = 111.
 */
export const TOKEN_NAME_LIMITS = { maxLength: 120, suffixBytes: 4 } as const;

/** The longest `apiToken.name` prefix whose full token name still fits. */
export const TOKEN_NAME_PREFIX_MAX_LENGTH = TOKEN_NAME_LIMITS.maxLength - 1 - 2 * TOKEN_NAME_LIMITS.suffixBytes;

/** `apiToken.name`: the prefix of the token's name, so that prefix + "-" + suffix fits Cloudflare's 120. */
export function validateTokenNamePrefix(value: unknown, arg = "apiToken.name"): Problems {
  const problems = validateLabel(value, arg, TOKEN_NAME_PREFIX_MAX_LENGTH);
  return problems.length === 0
    ? []
    : [
        `${problems[0]} (Cloudflare allows ${TOKEN_NAME_LIMITS.maxLength} characters for the whole name, which ends with "-" and an ${2 * TOKEN_NAME_LIMITS.suffixBytes}-character suffix)`,
      ];
}

/** A non-empty string that is free of control characters (a token name, a rotation value). */
export function validateLabel(value: unknown, arg: string, maxLength: number): Problems {
  if (typeof value === "string" && value.trim() !== "" && value.length <= maxLength && !CONTROL.test(value)) return [];
  return [`${arg} must be a non-empty string of at most ${maxLength} printable characters, got ${echo(value)}`];
}

/**
 * `apiToken.permissions`: the component only makes read-only tokens, so every
 * group must be a read permission (Cloudflare names them "… Read").
 */
export function validateReadPermissions(
  value: unknown,
  arg = "apiToken.permissions",
  scope: LogpushScope = "zone",
): Problems {
  const problems = validateNameList(value, arg, `Cloudflare ${scope} permission group names, e.g. "Logs Read"`);
  if (problems.length > 0) return problems;
  (value as string[]).forEach((name, i) => {
    if (!/ Read$/.test(name)) {
      problems.push(
        `${arg}[${i}] ${echo(name)} is not a read permission: this component makes read-only tokens (group names ending in " Read", such as "Logs Read", "Analytics Read", "Zone Read"); make a token with write access outside it`,
      );
    }
  });
  return problems;
}
