/**
 * SEKOIA.IO HTTP intakes: the regions, and the Logpush destination that carries
 * the intake key (the guide's "Create a Logpush job" step).
 */

/**
 * The batch endpoint of each SEKOIA region's HTTP intake (SEKOIA docs, "HTTPS
 * intake": every region but FRA1 under `intake.<region>.sekoia.io/api/v1/intake-http`).
 * SGP1 (on SEKOIA's regions page since 2026-05, which shows only the bare host)
 * follows that pattern; Cloudflare posts a test line to the destination whenever
 * a job is created or its destination changes, so a wrong URL fails `pulumi up`
 * loudly, never silently.
 */
export const SEKOIA_BATCH_ENDPOINTS = {
  FRA1: "https://intake.sekoia.io/plain/batch",
  FRA2: "https://intake.fra2.sekoia.io/api/v1/intake-http/plain/batch",
  MCO1: "https://intake.mco1.sekoia.io/api/v1/intake-http/plain/batch",
  UAE1: "https://intake.uae1.sekoia.io/api/v1/intake-http/plain/batch",
  USA1: "https://intake.usa1.sekoia.io/api/v1/intake-http/plain/batch",
  SGP1: "https://intake.sgp1.sekoia.io/api/v1/intake-http/plain/batch",
} as const;

/** A SEKOIA region this package knows the intake URL of. */
export type SekoiaRegion = keyof typeof SEKOIA_BATCH_ENDPOINTS;

/** The regions, in the order they are listed to users. */
export const SEKOIA_REGIONS = Object.keys(SEKOIA_BATCH_ENDPOINTS) as SekoiaRegion[];

/** The region the guide uses. */
export const DEFAULT_REGION: SekoiaRegion = "FRA1";

/** The header SEKOIA reads the intake key from. */
export const INTAKE_KEY_HEADER = "X-SEKOIAIO-INTAKE-KEY";

/** Cloudflare's Logpush job API: `destination_conf` is at most 4096 characters. */
export const DESTINATION_CONF_MAX_LENGTH = 4096;

/** The destination without the key: everything `sekoiaDestination` puts before it. */
const destinationPrefix = (region: SekoiaRegion): string =>
  `${SEKOIA_BATCH_ENDPOINTS[region]}?header_${INTAKE_KEY_HEADER}=`;

/**
 * The longest intake key, URL-encoded, whose destination fits in
 * `DESTINATION_CONF_MAX_LENGTH` in every region (so a key that passes preview
 * still fits when the region changes).
 */
export const MAX_ENCODED_INTAKE_KEY_LENGTH =
  DESTINATION_CONF_MAX_LENGTH -
  Math.max(...Object.keys(SEKOIA_BATCH_ENDPOINTS).map((r) => destinationPrefix(r as SekoiaRegion).length));

/**
 * The Logpush `destination_conf` for a region: the batch endpoint, with the key
 * as a `header_*` parameter that Logpush turns into the request header.
 * The key must have passed `validateIntakeKey`; it is URL-encoded all the same.
 * The result contains the key: treat it as a secret.
 */
export function sekoiaDestination(region: SekoiaRegion, intakeKey: string): string {
  return `${destinationPrefix(region)}${encodeURIComponent(intakeKey)}`;
}

/** True when `value` names a known region (exact, upper case). */
export function isSekoiaRegion(value: unknown): value is SekoiaRegion {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(SEKOIA_BATCH_ENDPOINTS, value);
}
