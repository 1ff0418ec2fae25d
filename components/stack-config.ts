/**
 * The stack program's configuration: reads the raw stack config values, checks
 * their shape (zod) and their meaning (the component's own validators), and
 * turns them into one set of component arguments per zone and per account.
 * Pure: the config is passed in, so it is tested without Pulumi.
 */
import { JSON_SCHEMA, load } from "js-yaml";
import { z } from "zod";
import { type FirewallEventsLogpushArgs, validateArgs } from "./args";
import type { LogpushFilter } from "./filter";
import { redactSecrets } from "./messages";
import { findOverlaps, type Overlap } from "./overlap";
import { defaultComponentName, SCOPES, type LogpushScope } from "./scope";
import { DEFAULT_REGION, type SekoiaRegion } from "./sekoia";
import { validateSekoiaIntakeArgs } from "./sekoia-intake";
import { InvalidArgumentsError, RESOURCE_NAME, validateAccountId } from "./validation";

/**
 * This repository's Pulumi project name, and so its config namespace. A stack whose own
 * `Pulumi.yaml` names the project otherwise is read under that name (`pulumi.getProject()`).
 */
export const PROJECT = "cloudflare-sekoia-logpush";

/** How to fix each config key, shown with every problem about it. */
const FIX: Record<string, string> = {
  zoneId: "pulumi config set zoneId <32-hex zone ID>",
  zones: "pulumi config set --path 'zones[0]' <zone ID>  (or --path 'zones[0].zoneId', 'zones[0].region', …)",
  accountId: "pulumi config set accountId <32-hex account ID>",
  accounts:
    "pulumi config set --path 'accounts[0]' <account ID>  (or --path 'accounts[0].accountId', 'accounts[0].filter', …)",
  allowOverlap:
    "pulumi config set allowOverlap true  (only to keep both deliveries on purpose: SEKOIA then gets those events twice)",
  intakeKey: "pulumi config set --secret intakeKey <SEKOIA intake key>",
  sekoiaApiKey: "pulumi config set --secret sekoiaApiKey <SEKOIA API key>  (pulumi up then creates the intake)",
  sekoiaEntity:
    "pulumi config set sekoiaEntity <entity name or UUID>  (or pulumi config rm sekoiaEntity for the only one)",
  sekoiaIntakeName: "pulumi config set sekoiaIntakeName 'Cloudflare firewall events'",
  sekoiaApiUrl: "pulumi config rm sekoiaApiUrl  (the region's API URL is used; set region instead)",
  region: "pulumi config set region FRA1",
  fields: "pulumi config set --path 'fields[0]' Action  (one entry per field; leave unset for the guide's 28)",
  timestampFormat: "pulumi config set timestampFormat rfc3339",
  maxUploadBytes: "pulumi config set maxUploadBytes 5000000",
  maxUploadRecords: "pulumi config set maxUploadRecords 1000",
  maxUploadIntervalSeconds: "pulumi config set maxUploadIntervalSeconds 30",
  sampleRate: "pulumi config set sampleRate 1",
  filter: "edit filter in Pulumi.<stack>.yaml (see Pulumi.example.yaml), or pulumi config rm filter",
  enabled: "pulumi config set enabled true",
  createApiToken: "pulumi config set createApiToken false",
  apiTokenExpiresOn: "pulumi config set apiTokenExpiresOn 2027-01-31T00:00:00Z",
  apiTokenAllowedIpRanges: "pulumi config set --path 'apiTokenAllowedIpRanges[0]' 192.0.2.0/24",
  apiTokenRotation: "pulumi config set apiTokenRotation 2026-11",
  validateFieldsAgainstZone: "pulumi config set validateFieldsAgainstZone true",
};

/** Every config key the program reads. */
export const CONFIG_KEYS = Object.keys(FIX);

// Values arrive as strings: numbers and booleans typed on the command line, objects as JSON.
// Only plain decimals: "" or " " would otherwise read as 0 (a limit silently off), "0x4C4B40" as hex.
const num = z.preprocess(
  (v) => (typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v),
  z.number({ error: "expected a decimal number" }),
);
const bool = z.preprocess((v) => (v === "true" ? true : v === "false" ? false : v), z.boolean());
const json = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => {
    if (typeof v !== "string") return v;
    try {
      return JSON.parse(v);
    } catch {
      return v; // left as text, the schema then says what was expected
    }
  }, schema);

/** Settings one zone may override. */
const overridable = {
  region: z.string().optional(),
  fields: z.array(z.string()).optional(),
  timestampFormat: z.string().optional(),
  maxUploadBytes: num.optional(),
  maxUploadRecords: num.optional(),
  maxUploadIntervalSeconds: num.optional(),
  sampleRate: num.optional(),
  filter: z.record(z.string(), z.unknown()).optional(),
  enabled: bool.optional(),
  createApiToken: bool.optional(),
};

const resourceName = z.string().regex(RESOURCE_NAME, "a resource name: 1 to 100 letters, digits, '_', '.' or '-'");

// A zone name as Cloudflare lists it: lower-case labels (IDNs in their xn-- form), at least two.
const ZONE_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

// A zone is its ID, or an object with the ID and overrides; both read as the object form.
const zoneEntry = z.preprocess(
  (v) => (typeof v === "string" ? { zoneId: v } : v),
  z.strictObject({
    zoneId: z.string(),
    name: resourceName.optional(),
    jobName: z.string().optional(),
    /** The zone's name: lets the program tell whether an account job's ZoneName filter leaves the zone out. */
    zoneName: z
      .string()
      .regex(ZONE_NAME, "a zone name as Cloudflare lists it, in lower case, e.g. example.com")
      .optional(),
    /** The account the zone belongs to: a zone of another account never overlaps this stack's account jobs. */
    accountId: z.string().optional(),
    ...overridable,
  }),
);

// An account is its ID, or an object with the ID and overrides, as a zone is.
const accountEntry = z.preprocess(
  (v) => (typeof v === "string" ? { accountId: v } : v),
  z.strictObject({
    accountId: z.string(),
    name: resourceName.optional(),
    jobName: z.string().optional(),
    ...overridable,
  }),
);

const schema = z.strictObject({
  zoneId: z.string().optional(),
  zones: json(z.array(zoneEntry).min(1)).optional(),
  accountId: z.string().optional(),
  accounts: json(z.array(accountEntry).min(1)).optional(),
  allowOverlap: bool.optional(),
  intakeKey: z.string().optional(),
  sekoiaApiKey: z.string().optional(),
  sekoiaEntity: z.string().optional(),
  sekoiaIntakeName: z.string().optional(),
  sekoiaApiUrl: z.string().optional(),
  region: overridable.region,
  fields: json(z.array(z.string())).optional(),
  timestampFormat: overridable.timestampFormat,
  maxUploadBytes: overridable.maxUploadBytes,
  maxUploadRecords: overridable.maxUploadRecords,
  maxUploadIntervalSeconds: overridable.maxUploadIntervalSeconds,
  sampleRate: overridable.sampleRate,
  filter: json(z.record(z.string(), z.unknown())).optional(),
  enabled: overridable.enabled,
  createApiToken: overridable.createApiToken,
  apiTokenExpiresOn: z.string().optional(),
  apiTokenAllowedIpRanges: json(z.array(z.string())).optional(),
  apiTokenRotation: z.string().optional(),
  validateFieldsAgainstZone: bool.optional(),
});

/** One component to create: its resource name and arguments. */
export interface ZoneDeployment {
  /** The component's resource name: `name` from the zone entry, or `zone-<zoneId>`. */
  name: string;
  /** The zone ID. */
  zoneId: string;
  /** The component's arguments, minus the intake key. */
  args: Omit<FirewallEventsLogpushArgs, "intakeKey">;
}

/** One account-scoped component to create: its resource name and arguments. */
export interface AccountDeployment {
  /** The component's resource name: `name` from the account entry, or `account-<accountId>`. */
  name: string;
  /** The account ID. */
  accountId: string;
  /** The component's arguments, minus the intake key. */
  args: Omit<FirewallEventsLogpushArgs, "intakeKey">;
}

/** The SEKOIA intake `pulumi up` creates, when the stack gives a SEKOIA API key instead of an intake key. */
export interface SekoiaIntakeSettings {
  /** The SEKOIA API key (plain here; the program wraps it as a secret). */
  apiKey: string;
  /** The intake's name; unset: the program names it after the stack. */
  intakeName?: string;
  /** The entity, by name or UUID; unset: the only one. */
  entity?: string;
  /** The stack's region: every zone's job sends to this intake. */
  region: SekoiaRegion;
  /** The configuration API's base URL, when not the region's. */
  apiUrl?: string;
}

/**
 * The whole stack: the zones, and either the intake key (plain here; the
 * program wraps it as a secret) or the intake to create. Exactly one is set.
 */
export interface StackSettings {
  zones: ZoneDeployment[];
  /** The account-scoped jobs (`accountId` / `accounts`). */
  accounts: AccountDeployment[];
  intakeKey?: string;
  sekoiaIntake?: SekoiaIntakeSettings;
}

/** The keys that describe the intake `pulumi up` creates; they mean nothing with intakeKey. */
const SEKOIA_INTAKE_KEYS = ["sekoiaEntity", "sekoiaIntakeName", "sekoiaApiUrl"] as const;

/** The raw stack config: key (without the project prefix) → string value. */
export type RawConfig = Readonly<Record<string, string | undefined>>;

const withFix = (key: string, message: string): string => `${message}\n      fix: ${FIX[key] ?? FIX.zones}`;

// A problem message starts with the argument's path, e.g. "zones[1].region must be …"; its first name is the config key.
const keyOf = (message: string): string => argOf(message) || "zones";

/**
 * Parses the stack config. Throws an `InvalidArgumentsError` that lists every
 * problem, each with the key at fault and the command that fixes it.
 * `secretKeys` are the keys stored as secrets: the intake key must be one. `project` is the
 * config namespace the values were read from, named in the messages.
 */
export function parseStackConfig(raw: RawConfig, secretKeys: ReadonlySet<string>, project = PROJECT): StackSettings {
  const subject = `stack config (${project}:…)`;
  // A key stored as a secret (a zone ID, a rotation value…) is masked wherever a message would quote it.
  const secrets = secretValues(raw, secretKeys);
  const invalid = (problems: string[]) =>
    new InvalidArgumentsError(
      subject,
      problems.map((p) => redactSecrets(p, secrets)),
    );
  const present = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
  const problems: string[] = [];

  for (const key of Object.keys(present)) {
    if (!CONFIG_KEYS.includes(key)) {
      const near = CONFIG_KEYS.find((k) => k.toLowerCase() === key.toLowerCase());
      problems.push(
        `${key} is not a setting of this program${near ? ` (did you mean ${near}?)` : ""}; known: ${CONFIG_KEYS.join(", ")}\n      fix: pulumi config rm ${key}`,
      );
    }
  }
  const creating = present.sekoiaApiKey !== undefined;
  if (present.intakeKey === undefined && !creating)
    problems.push(
      "set one of intakeKey (the key of an intake you created in SEKOIA) and sekoiaApiKey (a SEKOIA API key: pulumi up creates the intake)" +
        `\n      fix: ${FIX.intakeKey}\n       or: ${FIX.sekoiaApiKey}`,
    );
  else if (present.intakeKey !== undefined && creating)
    problems.push(
      "intakeKey and sekoiaApiKey are both set; keep one: intakeKey to use an intake you created, sekoiaApiKey to have pulumi up create it" +
        "\n      fix: pulumi config rm sekoiaApiKey\n       or: pulumi config rm intakeKey",
    );
  for (const key of ["intakeKey", "sekoiaApiKey"] as const) {
    if (present[key] !== undefined && !secretKeys.has(key))
      problems.push(withFix(key, `${key} is stored in plain text; store it as a secret (the value is not shown here)`));
  }
  if (!creating)
    for (const key of SEKOIA_INTAKE_KEYS.filter((k) => present[k] !== undefined))
      problems.push(
        `${key} only applies with sekoiaApiKey (pulumi up creates the intake)\n      fix: pulumi config rm ${key}`,
      );
  problems.push(...whichJobs(present));
  const known = Object.fromEntries(Object.entries(present).filter(([k]) => CONFIG_KEYS.includes(k)));
  const parsed = schema.safeParse(known);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path
        .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
        .join("")
        .replace(/^\./, "");
      if (path === "intakeKey" || path === "sekoiaApiKey") continue; // said above, without echoing anything
      problems.push(withFix(String(issue.path[0]), `${path || "config"}: ${issue.message}`));
    }
  }
  if (problems.length > 0 || !parsed.success) throw invalid(problems);

  const c = parsed.data;
  const reported = new Set<string>();
  const report = (message: string) => {
    if (!reported.has(message)) problems.push(withFix(keyOf(message), message));
    reported.add(message);
  };

  // Every overridable job setting: the entry's own value, else the stack-wide one, else left to the default.
  const argsOf = (entry: Record<string, unknown>, scope: LogpushScope, listed: boolean, i: number) => {
    const { idArg } = SCOPES[scope];
    const listKey = scope === "zone" ? "zones" : "accounts";
    const own = (k: string): boolean => Object.prototype.hasOwnProperty.call(entry, k) && entry[k] !== undefined;
    const pick = (k: keyof typeof overridable): unknown => (own(k) ? entry[k] : c[k]);
    const jobSettings = Object.fromEntries(
      (Object.keys(overridable) as (keyof typeof overridable)[])
        .filter((k) => k !== "createApiToken")
        .map((k) => [k, pick(k)])
        .filter(([, v]) => v !== undefined),
    );
    const args = {
      [idArg]: entry[idArg],
      ...jobSettings,
      ...defined("jobName", entry.jobName),
      ...defined("validateFieldsAgainstZone", c.validateFieldsAgainstZone),
      apiToken: {
        create: pick("createApiToken") ?? true,
        ...defined("expiresOn", c.apiTokenExpiresOn),
        ...defined("allowedIpRanges", c.apiTokenAllowedIpRanges),
        ...defined("rotation", c.apiTokenRotation),
      },
    } as ZoneDeployment["args"];
    // With sekoiaApiKey the intake key is SEKOIA's answer at `pulumi up`: nothing to check about it now.
    const problemsOfArgs = validateArgs({ ...args, intakeKey: c.intakeKey ?? "" }).filter(
      (p) => !creating || !p.startsWith("intakeKey"),
    );
    if (creating && own("region") && entry.region !== (c.region ?? DEFAULT_REGION))
      problems.push(
        withFix(
          "sekoiaApiKey",
          `${listKey}[${i}].region is ${String(entry.region)} but the intake pulumi up creates is in ${c.region ?? DEFAULT_REGION} (the stack's region); with sekoiaApiKey every job uses the stack's region`,
        ),
      );
    for (const p of problemsOfArgs) {
      // Name the key the user set: the entry's own value, or the stack-wide one (reported once).
      const arg = argOf(p);
      report(listed && (arg === idArg || own(arg)) ? `${listKey}[${i}].${p}` : toConfigKey(p));
    }
    return args;
  };

  const zoneEntries = c.zones ?? (c.zoneId !== undefined ? [{ zoneId: c.zoneId }] : []);
  const zones = zoneEntries.map((zone, i): ZoneDeployment => {
    const args = argsOf(zone, "zone", c.zones !== undefined, i);
    if (zone.accountId !== undefined)
      for (const p of validateAccountId(zone.accountId, `zones[${i}].accountId`)) report(p);
    return { name: zone.name ?? defaultComponentName(zone.zoneId, "zone"), zoneId: zone.zoneId, args };
  });
  const accountEntries = c.accounts ?? (c.accountId !== undefined ? [{ accountId: c.accountId }] : []);
  const accounts = accountEntries.map((account, i): AccountDeployment => {
    const args = argsOf(account, "account", c.accounts !== undefined, i);
    return {
      name: account.name ?? defaultComponentName(account.accountId, "account"),
      accountId: account.accountId,
      args,
    };
  });

  problems.push(...repeats(zones, accounts));
  if (problems.length > 0) throw invalid(problems);

  if (c.allowOverlap !== true) {
    const overlaps = findOverlaps(
      zoneEntries.map((zone, i) => ({
        at: c.zones ? `zones[${i}]` : "zoneId",
        zoneId: zone.zoneId,
        ...defined("zoneName", zone.zoneName),
        ...defined("accountId", zone.accountId),
        ...defined("filter", zones[i].args.filter as LogpushFilter | undefined),
        enabled: zones[i].args.enabled !== false,
      })),
      accountEntries.map((account, i) => ({
        at: c.accounts ? `accounts[${i}]` : "accountId",
        accountId: account.accountId,
        ...defined("filter", accounts[i].args.filter as LogpushFilter | undefined),
        enabled: accounts[i].args.enabled !== false,
      })),
    );
    problems.push(...overlaps.map(overlapProblem));
    if (overlaps.length > 0) problems.push(OVERLAP_HELP);
  }
  const sekoiaIntake = creating ? sekoiaIntakeSettings(c, problems) : undefined;
  if (problems.length > 0) throw invalid(problems);
  return sekoiaIntake ? { zones, accounts, sekoiaIntake } : { zones, accounts, intakeKey: c.intakeKey as string };
}

/** Which of zoneId / zones / accountId / accounts are set: at least one way, at most one form of each. */
function whichJobs(present: Record<string, unknown>): string[] {
  const has = (k: string) => present[k] !== undefined;
  const problems: string[] = [];
  if (has("zoneId") && has("zones"))
    problems.push(withFix("zoneId", "set at most one of zoneId (one zone per stack) and zones (a list of zones)"));
  if (has("accountId") && has("accounts"))
    problems.push(
      withFix("accountId", "set at most one of accountId (one account per stack) and accounts (a list of accounts)"),
    );
  if (!["zoneId", "zones", "accountId", "accounts"].some(has))
    problems.push(
      withFix(
        "zoneId",
        "set zoneId (one zone per stack) or zones (a list of zones), or accountId / accounts for one account-scoped job that covers every zone of an account",
      ),
    );
  return problems;
}

/** The same zone or account twice, or two components of one name. */
function repeats(zones: ZoneDeployment[], accounts: AccountDeployment[]): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  const entries = [
    ...zones.map((d, i) => ({ at: `zones[${i}]`, key: "zones", id: ["zone ID", d.zoneId], name: d.name })),
    ...accounts.map((d, i) => ({
      at: `accounts[${i}]`,
      key: "accounts",
      id: ["account ID", d.accountId],
      name: d.name,
    })),
  ];
  for (const e of entries) {
    for (const [label, value] of [e.id, ["name", e.name]]) {
      const k = `${label}:${value}`;
      const first = seen.get(k);
      if (first !== undefined)
        problems.push(
          withFix(e.key, `${e.at} repeats the ${label} "${value}" of ${first}; each job needs its own entry`),
        );
      else seen.set(k, e.at);
    }
  }
  return problems;
}

/** One line per zone that an account job and a zone job would both deliver. */
function overlapProblem(o: Overlap): string {
  const zone = `${o.zone.at} (zone ${o.zone.zoneId}${o.zone.zoneName ? `, ${o.zone.zoneName}` : ""})`;
  return `${zone} would also be delivered by ${o.account.at} (account ${o.account.accountId}): SEKOIA would receive its events twice (${o.why})`;
}

/** Said once after the overlaps: how to migrate instead, how to tell another account's zone, and the opt-in. */
const OVERLAP_HELP = withFix(
  "allowOverlap",
  `how to move a zone from its zone job to the account job with no gap and no duplicate (README, "Migrating zone jobs to an account job"):\n` +
    `        1. give the zone entry its zoneName, and keep the zone out of the account job's filter until it is handed over, e.g. {"where":{"key":"ZoneName","operator":"in","value":[<zones already moved>]}};\n` +
    `        2. in one pulumi up, hand it over at a cut-over time T a few minutes ahead (epoch nanoseconds as a digit string, "1790000000000000000"): or-add {"and":[{"key":"ZoneName","operator":"eq","value":"<zoneName>"},{"key":"Datetime","operator":"geq","value":"<T>"}]} to the account job's filter, and add {"key":"Datetime","operator":"lt","value":"<T>"} to the zone entry's filter;\n` +
    `        3. once T is past and the zone job's last batch is in, remove the zone entry and list the zone in the account filter's "in".\n` +
    `      A zone of another account is no overlap: set the zone entry's accountId (with zoneId alone, write it as zones[0]). To keep both deliveries on purpose, set allowOverlap: true`,
);

// Intake argument names → config keys, so messages name what the user set.
const INTAKE_ARG_TO_KEY: Readonly<Record<string, string>> = {
  intakeName: "sekoiaIntakeName",
  entity: "sekoiaEntity",
  apiKey: "sekoiaApiKey",
  apiUrl: "sekoiaApiUrl",
};

/** The intake to create, checked as the SekoiaIntake resource checks it; problems are added to `problems`. */
function sekoiaIntakeSettings(c: z.infer<typeof schema>, problems: string[]): SekoiaIntakeSettings {
  const settings: SekoiaIntakeSettings = {
    apiKey: c.sekoiaApiKey as string,
    region: (c.region ?? DEFAULT_REGION) as SekoiaRegion,
    ...defined("intakeName", c.sekoiaIntakeName),
    ...defined("entity", c.sekoiaEntity),
    ...defined("apiUrl", c.sekoiaApiUrl),
  };
  // The region is checked with the zones; an unset name gets the program's default.
  const { region: _region, ...rest } = settings;
  for (const p of validateSekoiaIntakeArgs({ intakeName: "default", ...rest })) {
    const arg = argOf(p);
    const key = INTAKE_ARG_TO_KEY[arg] ?? arg;
    problems.push(withFix(key, key + p.slice(arg.length)));
  }
  return settings;
}

/** The values of the keys stored as secrets, and every string or number inside those holding JSON (a list of zones). */
function secretValues(raw: RawConfig, secretKeys: ReadonlySet<string>): string[] {
  const found: string[] = [];
  const leaves = (value: unknown): void => {
    if (typeof value === "string" || typeof value === "number") found.push(String(value));
    else if (value !== null && typeof value === "object") Object.values(value).forEach(leaves);
  };
  for (const key of secretKeys) {
    const value = raw[key];
    if (value === undefined) continue;
    found.push(value);
    try {
      leaves(JSON.parse(value));
    } catch {
      // plain text: the value itself is the secret
    }
  }
  return found;
}

function defined<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

// Component argument names → config keys, so messages name what the user actually set.
const ARG_TO_KEY: ReadonlyArray<[string, string]> = [
  ["apiToken.expiresOn", "apiTokenExpiresOn"],
  ["apiToken.allowedIpRanges", "apiTokenAllowedIpRanges"],
  ["apiToken.rotation", "apiTokenRotation"],
  ["apiToken.create", "createApiToken"],
];

function toConfigKey(message: string): string {
  const hit = ARG_TO_KEY.find(([arg]) => message.startsWith(arg));
  return hit ? hit[1] + message.slice(hit[0].length) : message;
}

// The argument a problem message is about: its leading name ("fields[2] …" → "fields").
const argOf = (message: string): string => message.match(/^[A-Za-z]+/)?.[0] ?? "";

/** A stack file's project settings: key (without the project prefix) → value as the CLI stores it, and which are secret. */
export interface StackFile {
  raw: Record<string, string>;
  secretKeys: Set<string>;
}

/** A config value as the Pulumi CLI hands it to the program: text; lists and objects as JSON text. */
function asStored(value: unknown): string {
  return typeof value === "string"
    ? value
    : typeof value === "number" || typeof value === "boolean"
      ? String(value)
      : JSON.stringify(value);
}

/**
 * This project's keys in a stack file (`Pulumi.<stack>.yaml`), as the Pulumi
 * CLI hands them to the program. YAML's JSON schema keeps what the CLI keeps as
 * text as text (an unquoted `2027-01-31T00:00:00Z` is not a date). Secure
 * values (`{ secure: … }`) can only be read through the CLI: they are listed
 * in `secretKeys`, without a value. `project` is the namespace to read (the stack's project name).
 */
export function parseStackFile(yamlText: string, project = PROJECT): StackFile {
  const doc = load(yamlText, { schema: JSON_SCHEMA }) as { config?: Record<string, unknown> } | null;
  const raw: Record<string, string> = {};
  const secretKeys = new Set<string>();
  for (const [fullKey, value] of Object.entries(doc?.config ?? {})) {
    if (!fullKey.startsWith(`${project}:`) || value === null || value === undefined) continue;
    const key = fullKey.slice(project.length + 1);
    if (typeof value === "object" && !Array.isArray(value) && "secure" in value) secretKeys.add(key);
    else raw[key] = asStored(value);
  }
  return { raw, secretKeys };
}
