/**
 * A live job's `destination_conf`, read for comparison without exposing the
 * intake key: the endpoint (scheme, host, path), the SEKOIA region whose
 * batch endpoint it is, and the key from its `header_X-SEKOIAIO-INTAKE-KEY`
 * parameter (kept only to compare and to mask).
 */
import { INTAKE_KEY_HEADER, SEKOIA_BATCH_ENDPOINTS, type SekoiaRegion } from "../sekoia";
import { maskSecret } from "../messages";

/** What verify knows of a destination. */
export interface LiveDestination {
  /** `https://host/path`, without any parameter (so without the key). */
  endpoint: string;
  /** The region whose batch endpoint this is; undefined for any other endpoint. */
  region?: SekoiaRegion;
  /** True when the host is a SEKOIA intake (`intake.sekoia.io` or `intake.<region>.sekoia.io`). */
  sekoia: boolean;
  /** The intake key; undefined when the destination carries none. Never print it: use `maskedKey`. */
  key?: string;
}

const SEKOIA_INTAKE_HOST = /^intake(\.[a-z0-9-]+)?\.sekoia\.io$/i;

/**
 * Reads a destination. Anything that is not a URL is reported as such, without being shown.
 * @param destinationConf the job's `destination_conf`
 */
export function readDestination(destinationConf: string): LiveDestination {
  let url: URL;
  try {
    url = new URL(destinationConf);
  } catch {
    return { endpoint: "(not a URL)", sekoia: false };
  }
  const endpoint = `${url.protocol}//${url.host}${url.pathname}`;
  const region = (Object.keys(SEKOIA_BATCH_ENDPOINTS) as SekoiaRegion[]).find(
    (r) => SEKOIA_BATCH_ENDPOINTS[r] === endpoint,
  );
  // Header names are case-insensitive; so is the parameter that makes one.
  const wanted = `header_${INTAKE_KEY_HEADER}`.toLowerCase();
  const keyParam = [...url.searchParams].find(([name]) => name.toLowerCase() === wanted);
  return {
    endpoint,
    ...(region !== undefined && { region }),
    sekoia: SEKOIA_INTAKE_HOST.test(url.hostname),
    ...(keyParam !== undefined && { key: keyParam[1] }),
  };
}

/** The key as `npm start` shows it: its first 4 characters and its length, or "none". */
export function maskedKey(destination: LiveDestination): string {
  return destination.key === undefined ? "none" : maskSecret(destination.key);
}
