/**
 * The firewall_events Logpush field catalogue (zone dataset), as Cloudflare documents it.
 *
 * One module for both sides: the component validates `fields` against it and the
 * normaliser reads its types. It never imports Pulumi, so the normaliser stays
 * installable and runnable without it.
 */

/** The value type Cloudflare documents for a field. */
export type FieldType = "string" | "int" | "object" | "array[string]" | "array[int]" | "int or string";

/** One entry of the catalogue. */
export interface FieldInfo {
  /** The field name, as Logpush expects it in `output_options.field_names`. */
  readonly name: string;
  /** The value type Cloudflare documents. */
  readonly type: FieldType;
  /** Listed in the SEKOIA guide's field list (the package's default selection). */
  readonly inGuide: boolean;
  /** Cloudflare marks the field deprecated; still accepted, but better avoided. */
  readonly deprecated?: boolean;
  /**
   * `false` when a Logpush filter may not name the field (absent: it may). Cloudflare's "Filters" page
   * (filtering limitations, 2026-06-30): no `object` / `array[object]` field, and for firewall_events not
   * Action, Description, Kind, MatchIndex, Metadata, OriginatorRayID, RuleID or Source.
   */
  readonly filterable?: false;
  /**
   * The type a Logpush filter compares the field as, when it is not `type`. `Datetime` is written out as an
   * int or a string (by `timestamp_format`) but filtered on the event's time as an int, epoch nanoseconds
   * (the unit of the API's default `unixnano`): what the hand-over from zone jobs to an account job
   * (`migration.ts`) compares with `lt` / `geq`. Cloudflare does not document the unit: README, "Verify
   * before you migrate".
   */
  readonly filteredAs?: "int";
}

/** Every documented firewall_events field (2026), alphabetical as Cloudflare lists them. */
export const FIREWALL_EVENTS_FIELDS = [
  { name: "AISecurityCustomTopicCategories", type: "object", inGuide: false, filterable: false },
  { name: "AISecurityInjectionScore", type: "int", inGuide: false },
  { name: "AISecurityPIICategories", type: "array[string]", inGuide: false },
  { name: "AISecurityTokenCount", type: "int", inGuide: false },
  { name: "AISecurityUnsafeTopicCategories", type: "array[string]", inGuide: false },
  { name: "Action", type: "string", inGuide: true, filterable: false },
  { name: "ClientASN", type: "int", inGuide: true },
  { name: "ClientASNDescription", type: "string", inGuide: true },
  { name: "ClientCountry", type: "string", inGuide: true },
  { name: "ClientIP", type: "string", inGuide: true },
  { name: "ClientIPClass", type: "string", inGuide: true },
  { name: "ClientRefererHost", type: "string", inGuide: true },
  { name: "ClientRefererPath", type: "string", inGuide: true },
  { name: "ClientRefererQuery", type: "string", inGuide: true },
  { name: "ClientRefererScheme", type: "string", inGuide: true },
  { name: "ClientRequestHost", type: "string", inGuide: true },
  { name: "ClientRequestMethod", type: "string", inGuide: true },
  { name: "ClientRequestPath", type: "string", inGuide: true },
  { name: "ClientRequestProtocol", type: "string", inGuide: true },
  { name: "ClientRequestQuery", type: "string", inGuide: true },
  { name: "ClientRequestScheme", type: "string", inGuide: true },
  { name: "ClientRequestUserAgent", type: "string", inGuide: true },
  { name: "ContentScanObjResults", type: "array[string]", inGuide: false },
  { name: "ContentScanObjSizes", type: "array[int]", inGuide: false },
  { name: "ContentScanObjTypes", type: "array[string]", inGuide: false },
  { name: "Datetime", type: "int or string", inGuide: true, filteredAs: "int" },
  { name: "Description", type: "string", inGuide: false, filterable: false },
  { name: "EdgeColoCode", type: "string", inGuide: true },
  { name: "EdgeResponseStatus", type: "int", inGuide: true },
  { name: "FirewallForAIInjectionScore", type: "int", inGuide: false, deprecated: true },
  { name: "FirewallForAIPIICategories", type: "array[string]", inGuide: false, deprecated: true },
  { name: "FirewallForAITokenCount", type: "int", inGuide: false, deprecated: true },
  { name: "FirewallForAIUnsafeTopicCategories", type: "array[string]", inGuide: false, deprecated: true },
  { name: "FraudUserID", type: "string", inGuide: false },
  { name: "Kind", type: "string", inGuide: true, filterable: false },
  { name: "LeakedCredentialCheckResult", type: "string", inGuide: false },
  { name: "MatchIndex", type: "int", inGuide: true, filterable: false },
  { name: "Metadata", type: "object", inGuide: true, filterable: false },
  { name: "OriginResponseStatus", type: "int", inGuide: true },
  { name: "OriginatorRayID", type: "string", inGuide: true, filterable: false },
  { name: "RayID", type: "string", inGuide: true },
  { name: "Ref", type: "string", inGuide: false },
  { name: "RuleID", type: "string", inGuide: true, filterable: false },
  { name: "Source", type: "string", inGuide: true, filterable: false },
  { name: "WAFRequestSignatureCategories", type: "array[string]", inGuide: false },
  { name: "WAFRequestSignatureRefs", type: "array[string]", inGuide: false },
] as const satisfies readonly FieldInfo[];

/**
 * The fields only the account-scoped firewall_events dataset offers (Cloudflare changelog
 * 2026-06-30, "firewall_events at account level"): `ZoneName`, the zone each event came from.
 * The zone dataset does not have it, so a zone-scoped job must not ask for it.
 */
export const ACCOUNT_ONLY_FIELDS = [
  { name: "ZoneName", type: "string", inGuide: false },
] as const satisfies readonly FieldInfo[];

/** A firewall_events field name, of either dataset; `fields` autocompletes from this union. */
export type FirewallEventsField =
  (typeof FIREWALL_EVENTS_FIELDS)[number]["name"] | (typeof ACCOUNT_ONLY_FIELDS)[number]["name"];

/** Every field of the zone dataset, in catalogue order. */
export const FIELD_NAMES: readonly FirewallEventsField[] = FIREWALL_EVENTS_FIELDS.map((f) => f.name);

/** Every field of the account dataset: the zone dataset's, then `ZoneName`. */
export const ACCOUNT_FIELD_NAMES: readonly FirewallEventsField[] = [
  ...FIELD_NAMES,
  ...ACCOUNT_ONLY_FIELDS.map((f) => f.name),
];

/** Name → catalogue entry, for the fields of both datasets. */
export const FIELD_INFO: ReadonlyMap<string, FieldInfo> = new Map(
  [...FIREWALL_EVENTS_FIELDS, ...ACCOUNT_ONLY_FIELDS].map((f) => [f.name, f]),
);

/** True when only the account-scoped dataset offers `name` (`ZoneName`). */
export function isAccountOnlyField(name: string): boolean {
  return ACCOUNT_ONLY_FIELDS.some((f) => f.name === name);
}

/**
 * The guide's 28 fields, in the guide's order (its field list happens to be
 * alphabetical, like the catalogue): the default `fields` of the component.
 */
export const GUIDE_FIELDS: readonly FirewallEventsField[] = FIREWALL_EVENTS_FIELDS.filter((f) => f.inGuide).map(
  (f) => f.name,
);

/** The fields a Logpush filter may name, in catalogue order (the zone dataset's; `ZoneName` too, at account scope). */
export const FILTERABLE_FIELD_NAMES: readonly FirewallEventsField[] = FIREWALL_EVENTS_FIELDS.filter(
  (f: FieldInfo) => f.filterable !== false,
).map((f) => f.name);

/** True when `name` is a documented firewall_events field of the zone dataset. */
export function isKnownField(name: string): name is FirewallEventsField {
  return FIELD_INFO.has(name) && !isAccountOnlyField(name);
}
