/**
 * SEKOIA.IO HTTP intakes: the regions, and the Logpush destination that carries
 * the intake key (the guide's "Create a Logpush job" step).
 */

/**
 * The batch endpoint of each SEKOIA region's HTTP intake. SGP1 is left out until
 * its URL is confirmed: a wrong guess would send events nowhere, silently.
 */
export const SEKOIA_BATCH_ENDPOINTS = {
  FRA1: "https://intake.sekoia.io/plain/batch",
  FRA2: "https://intake.fra2.sekoia.io/api/v1/intake-http/plain/batch",
  MCO1: "https://intake.mco1.sekoia.io/api/v1/intake-http/plain/batch",
  UAE1: "https://intake.uae1.sekoia.io/api/v1/intake-http/plain/batch",
  USA1: "https://intake.usa1.sekoia.io/api/v1/intake-http/plain/batch",
} as const;

/** A SEKOIA region this package knows the intake URL of. */
export type SekoiaRegion = keyof typeof SEKOIA_BATCH_ENDPOINTS;

/** The regions, in the order they are listed to users. */
export const SEKOIA_REGIONS = Object.keys(SEKOIA_BATCH_ENDPOINTS) as SekoiaRegion[];

/** The region the guide uses. */
export const DEFAULT_REGION: SekoiaRegion = "FRA1";

/** The header SEKOIA reads the intake key from. */
export const INTAKE_KEY_HEADER = "X-SEKOIAIO-INTAKE-KEY";

/**
 * The Logpush `destination_conf` for a region: the batch endpoint, with the key
 * as a `header_*` parameter that Logpush turns into the request header.
 * The key must have passed `validateIntakeKey`; it is URL-encoded all the same.
 * The result contains the key: treat it as a secret.
 */
export function sekoiaDestination(region: SekoiaRegion, intakeKey: string): string {
  return `${SEKOIA_BATCH_ENDPOINTS[region]}?header_${INTAKE_KEY_HEADER}=${encodeURIComponent(intakeKey)}`;
}

/** True when `value` names a known region (exact, upper case). */
export function isSekoiaRegion(value: unknown): value is SekoiaRegion {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(SEKOIA_BATCH_ENDPOINTS, value);
}
