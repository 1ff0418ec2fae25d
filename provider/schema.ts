/**
 * The package's Pulumi schema: the cross-language interface that `pulumi package add`
 * turns into Python, Go, C#, Java and YAML SDKs.
 *
 * Written by hand (as pulumi-eks does) because schema inference cannot express the
 * arguments' string-literal unions as enums. The enum values come from the same
 * `as const` tables as the TypeScript unions (regions, timestamp formats, the field
 * catalogue), so a value added there reaches both; `schema-types.ts` derives the
 * argument types this schema promises, and `args.typetest.ts` only compiles while they
 * and `FirewallEventsLogpushArgs` are assignable both ways.
 */
import {
  ACCOUNT_FIELD_NAMES,
  COMPONENT_TYPE,
  FIREWALL_EVENTS_FIELDS,
  SEKOIA_REGIONS,
  TIMESTAMP_FORMATS,
} from "../components";

/** The package name: the first part of every type token. */
export const PACKAGE = "cloudflare-sekoia-logpush";

/** A schema property, as this package writes them. */
export type PropertySpec =
  | {
      readonly type: "string" | "number" | "boolean";
      readonly description: string;
      readonly plain?: true;
      readonly secret?: true;
    }
  | { readonly type: "array"; readonly items: ItemSpec; readonly description: string; readonly plain?: true }
  | { readonly $ref: string; readonly description: string; readonly plain?: true };
/** An array's element. */
export type ItemSpec = { readonly type: "string" | "number" } | { readonly $ref: string };

const ref = <N extends string>(name: N) => `#/types/${PACKAGE}:index:${name}` as const;

/** The enum types: name → values (from the TypeScript tables) and description. */
export const ENUMS = {
  SekoiaRegion: { values: SEKOIA_REGIONS, description: "A SEKOIA.IO region whose HTTP intake URL this package knows." },
  TimestampFormat: { values: TIMESTAMP_FORMATS, description: "Logpush `timestamp_format`: how `Datetime` is written." },
  FirewallEventsField: {
    values: ACCOUNT_FIELD_NAMES,
    description: "A documented Cloudflare firewall_events Logpush field (ZoneName: account-scoped jobs only).",
  },
} as const;

/**
 * The component's inputs. Only `zoneId` / `accountId` and `intakeKey` may be Outputs; the rest are checked at
 * preview, so plain. Exactly one of `zoneId` and `accountId` is given (checked by the component: a schema
 * cannot say "one of").
 */
export const INPUTS = {
  zoneId: {
    type: "string",
    description:
      "The Cloudflare zone ID (32 lowercase hexadecimal characters, from the zone's Overview page): a job for this zone. Give exactly one of zoneId and accountId.",
  },
  accountId: {
    type: "string",
    description:
      "The Cloudflare account ID (32 lowercase hexadecimal characters): one account-scoped job for every zone of the account, each event with its ZoneName. Give exactly one of zoneId and accountId.",
  },
  intakeKey: {
    type: "string",
    secret: true,
    description: 'The SEKOIA intake key (intake format "Cloudflare"); handled as a secret everywhere.',
  },
  region: { $ref: ref("SekoiaRegion"), plain: true, description: 'The SEKOIA region of your tenant. Default "FRA1".' },
  fields: {
    type: "array",
    items: { $ref: ref("FirewallEventsField") },
    plain: true,
    description:
      "The firewall_events fields to send, in order. Default: the guide's 28 fields (account scope: then ZoneName).",
  },
  timestampFormat: {
    $ref: ref("TimestampFormat"),
    plain: true,
    description: 'Logpush `timestamp_format` of `Datetime`. Default "rfc3339", as in the guide.',
  },
  maxUploadBytes: {
    type: "number",
    plain: true,
    description: "Largest batch, uncompressed: 5,000,000 to 1,000,000,000 bytes, or 0 (off). Default 5000000.",
  },
  maxUploadRecords: {
    type: "number",
    plain: true,
    description: "Most records per batch: 1,000 to 1,000,000, or 0 (off). Default 1000.",
  },
  maxUploadIntervalSeconds: {
    type: "number",
    plain: true,
    description: "Longest wait before a batch is sent: 30 to 300 seconds, or 0 (off). Default: Cloudflare's.",
  },
  sampleRate: {
    type: "number",
    plain: true,
    description: "Share of events sent, greater than 0 and at most 1. Default: all events.",
  },
  filter: {
    $ref: ref("LogpushFilter"),
    plain: true,
    description: "A Logpush filter ({ where: … }) on firewall_events fields. Default: no filter.",
  },
  enabled: { type: "boolean", plain: true, description: "Whether the job runs. Default true." },
  jobName: {
    type: "string",
    plain: true,
    description: "The job's name: letters, digits, '-' and '.'. Default sekoia-firewall-events-<zoneId or accountId>.",
  },
  validateFieldsAgainstZone: {
    type: "boolean",
    plain: true,
    description: "Check at preview that the zone (or account) offers every chosen field. Default false.",
  },
  apiToken: {
    $ref: ref("ApiTokenOptions"),
    plain: true,
    description: "The API token made for the job. Default: create one, read-only, on this zone (or account) only.",
  },
} as const satisfies Record<string, PropertySpec>;

/** The inputs every caller must give. */
export const REQUIRED_INPUTS = ["intakeKey"] as const satisfies readonly (keyof typeof INPUTS)[];

/** The object types the inputs refer to. */
export const OBJECT_TYPES = {
  LogpushFilter: {
    description: "A Logpush filter, as in the API: { where: … }.",
    required: ["where"],
    properties: { where: { $ref: ref("FilterNode"), description: "The root condition or group." } },
  },
  FilterNode: {
    description: "A condition (key, operator, value) or a group (and / or, a list of nodes).",
    required: [],
    properties: {
      and: { type: "array", items: { $ref: ref("FilterNode") }, description: "All of these must hold." },
      or: { type: "array", items: { $ref: ref("FilterNode") }, description: "At least one of these must hold." },
      key: { type: "string", description: 'The firewall_events field the condition reads, e.g. "Action".' },
      operator: { type: "string", description: "The comparison, e.g. eq, !eq, lt, geq, contains, in." },
      value: {
        $ref: "pulumi.json#/Any",
        description: "What the field is compared with: a string, number or boolean, or a list for in / !in.",
      },
    },
  },
  ApiTokenOptions: {
    description: "Options of the API token the component creates for the zone.",
    required: [],
    properties: {
      create: { type: "boolean", description: "Create the token. Default true." },
      name: { type: "string", description: "Prefix of the token's name; a stable random suffix is appended." },
      permissions: {
        type: "array",
        items: { type: "string" },
        description:
          'Permission group names of the job\'s scope, read only. Default ["Analytics Read", "Logs Read"]; account scope ["Account Analytics Read", "Logs Read"].',
      },
      expiresOn: { type: "string", description: 'When the token stops working, e.g. "2027-01-31T00:00:00Z".' },
      allowedIpRanges: {
        type: "array",
        items: { type: "string" },
        description: "IP addresses or CIDR ranges the token may be used from. Default: any.",
      },
      rotation: { type: "string", description: "Any value; changing it replaces the token." },
    },
  },
} as const satisfies Record<
  string,
  { description: string; required: readonly string[]; properties: Record<string, PropertySpec> }
>;

const DEPRECATED_FIELDS: ReadonlySet<string> = new Set(
  FIREWALL_EVENTS_FIELDS.filter((f) => "deprecated" in f && f.deprecated).map((f) => f.name),
);

/** The version of the Cloudflare package whose resources the outputs refer to. */
function cloudflareVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the installed provider's own version
  const pkg = require("@pulumi/cloudflare/package.json") as { version: string; pulumi?: { version?: string } };
  return (pkg.pulumi?.version ?? pkg.version).replace(/^v/, "");
}

const cloudflareResource = (version: string, token: string): string =>
  `/cloudflare/v${version}/schema.json#/resources/${token.replace("/", "%2F")}`;

/** The complete Pulumi package schema, for this package version. */
export function packageSchema(version: string): Record<string, unknown> {
  const cf = cloudflareVersion();
  const enumType = ([name, e]: [string, { values: readonly string[]; description: string }]) => [
    `${PACKAGE}:index:${name}`,
    {
      type: "string",
      description: e.description,
      enum: e.values.map((value) => ({
        name: value,
        value,
        ...(name === "FirewallEventsField" && DEPRECATED_FIELDS.has(value)
          ? { deprecationMessage: "Cloudflare marks this field deprecated." }
          : {}),
      })),
    },
  ];
  const objectType = ([name, t]: [
    string,
    { description: string; required: readonly string[]; properties: object },
  ]) => [
    `${PACKAGE}:index:${name}`,
    { type: "object", description: t.description, properties: t.properties, required: [...t.required] },
  ];
  return {
    name: PACKAGE,
    displayName: "Cloudflare firewall events to SEKOIA.IO",
    version,
    description: "Cloudflare firewall_events to SEKOIA.IO through Logpush, with a least-privilege API token.",
    license: "Apache-2.0",
    keywords: ["cloudflare", "logpush", "sekoia", "category/security", "kind/component"],
    dependencies: [{ name: "cloudflare", version: cf }],
    language: Object.fromEntries(
      ["nodejs", "python", "csharp", "java", "go"].map((l) => [l, { respectSchemaVersion: true }]),
    ),
    resources: {
      [COMPONENT_TYPE]: {
        type: "object",
        isComponent: true,
        description:
          "Sends one zone's Cloudflare firewall events to SEKOIA.IO with Logpush, or (accountId) those of every zone of an account.",
        inputProperties: INPUTS,
        requiredInputs: [...REQUIRED_INPUTS],
        properties: {
          job: {
            $ref: cloudflareResource(cf, "cloudflare:index/logpushJob:LogpushJob"),
            description: "The Logpush job.",
          },
          jobId: { type: "string", description: "The Logpush job's ID." },
          scope: { type: "string", description: 'Where the job lives: "zone" or "account".' },
          apiToken: {
            $ref: cloudflareResource(cf, "cloudflare:index/apiToken:ApiToken"),
            description: "The API token made for the zone, when one was made.",
          },
          apiTokenId: { type: "string", description: "The API token's ID, when one was made." },
          apiTokenValue: { type: "string", secret: true, description: "The API token's value, when one was made." },
          destination: { type: "string", secret: true, description: "The job's destination, with the intake key." },
        },
        required: ["destination", "job", "jobId", "scope"],
      },
    },
    types: Object.fromEntries([
      ...Object.entries(ENUMS).map(enumType),
      ...Object.entries(OBJECT_TYPES).map(objectType),
    ]),
  };
}
