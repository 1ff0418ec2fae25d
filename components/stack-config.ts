/**
 * The stack program's configuration: reads the raw stack config values, checks
 * their shape (zod) and their meaning (the component's own validators), and
 * turns them into one set of component arguments per zone. Pure: the config is
 * passed in, so it is tested without Pulumi.
 */
import { JSON_SCHEMA, load } from "js-yaml";
import { z } from "zod";
import { type FirewallEventsLogpushArgs, validateArgs } from "./args";
import { redactSecrets } from "./messages";
import { DEFAULT_REGION, type SekoiaRegion } from "./sekoia";
import { validateSekoiaIntakeArgs } from "./sekoia-intake";
import { InvalidArgumentsError, RESOURCE_NAME } from "./validation";

/**
 * This repository's Pulumi project name, and so its config namespace. A stack whose own
 * `Pulumi.yaml` names the project otherwise is read under that name (`pulumi.getProject()`).
 */
export const PROJECT = "cloudflare-sekoia-logpush";

/** How to fix each config key, shown with every problem about it. */
const FIX: Record<string, string> = {
  zoneId: "pulumi config set zoneId <32-hex zone ID>",
  zones: "pulumi config set --path 'zones[0]' <zone ID>  (or --path 'zones[0].zoneId', 'zones[0].region', …)",
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

// A zone is its ID, or an object with the ID and overrides; both read as the object form.
const zoneEntry = z.preprocess(
  (v) => (typeof v === "string" ? { zoneId: v } : v),
  z.strictObject({
    zoneId: z.string(),
    name: z.string().regex(RESOURCE_NAME, "a resource name: 1 to 100 letters, digits, '_', '.' or '-'").optional(),
    jobName: z.string().optional(),
    ...overridable,
  }),
);

const schema = z.strictObject({
  zoneId: z.string().optional(),
  zones: json(z.array(zoneEntry).min(1)).optional(),
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
  if ((present.zoneId === undefined) === (present.zones === undefined)) {
    problems.push(withFix("zoneId", "set exactly one of zoneId (one zone per stack) and zones (a list of zones)"));
  }
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
  const entries = c.zones ?? (c.zoneId !== undefined ? [{ zoneId: c.zoneId }] : []);
  const reported = new Set<string>();
  const zones = entries.map((entry, i): ZoneDeployment => {
    const zone: Record<string, unknown> & { zoneId: string } = entry;
    const own = (k: string): boolean => Object.prototype.hasOwnProperty.call(zone, k) && zone[k] !== undefined;
    const pick = (k: keyof typeof overridable): unknown => (own(k) ? zone[k] : c[k]);
    // Every overridable job setting: the zone's own value, else the stack-wide one, else left to the default.
    const jobSettings = Object.fromEntries(
      (Object.keys(overridable) as (keyof typeof overridable)[])
        .filter((k) => k !== "createApiToken")
        .map((k) => [k, pick(k)])
        .filter(([, v]) => v !== undefined),
    );
    const args = {
      zoneId: zone.zoneId,
      ...jobSettings,
      ...defined("jobName", zone.jobName),
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
    if (creating && own("region") && zone.region !== (c.region ?? DEFAULT_REGION))
      problems.push(
        withFix(
          "sekoiaApiKey",
          `zones[${i}].region is ${String(zone.region)} but the intake pulumi up creates is in ${c.region ?? DEFAULT_REGION} (the stack's region); with sekoiaApiKey every zone uses the stack's region`,
        ),
      );
    for (const p of problemsOfArgs) {
      // Name the key the user set: the zone entry's own value, or the stack-wide one (reported once).
      const arg = argOf(p);
      const message = c.zones && (arg === "zoneId" || own(arg)) ? `zones[${i}].${p}` : toConfigKey(p);
      if (!reported.has(message)) problems.push(withFix(keyOf(message), message));
      reported.add(message);
    }
    return { name: typeof zone.name === "string" ? zone.name : `zone-${zone.zoneId}`, zoneId: zone.zoneId, args };
  });

  const seen = new Map<string, number>();
  zones.forEach((zone, i) => {
    for (const [label, value] of [
      ["zone ID", zone.zoneId],
      ["name", zone.name],
    ] as const) {
      const k = `${label}:${value}`;
      if (seen.has(k))
        problems.push(
          withFix(
            "zones",
            `zones[${i}] repeats the ${label} "${value}" of zones[${seen.get(k)}]; each zone needs its own entry`,
          ),
        );
      else seen.set(k, i);
    }
  });
  if (problems.length > 0) throw invalid(problems);
  const sekoiaIntake = creating ? sekoiaIntakeSettings(c, problems) : undefined;
  if (problems.length > 0) throw invalid(problems);
  return sekoiaIntake ? { zones, sekoiaIntake } : { zones, intakeKey: c.intakeKey as string };
}

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
