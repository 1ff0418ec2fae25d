/**
 * The job's `destination_conf`, read as Logpush reads an HTTP destination:
 * every `header_NAME=VALUE` query parameter becomes the request header NAME
 * (value URL-decoded) and leaves the URL; the other parameters stay.
 * The sandbox only ever sends to this machine.
 */
import { maskSecret } from "../messages";
import { INTAKE_KEY_HEADER } from "../sekoia";

/** Where and how a batch is posted. */
export interface HttpTarget {
  /** The URL posted to, without the `header_*` parameters. */
  url: URL;
  /** The headers made from the `header_*` parameters. */
  headers: Record<string, string>;
}

const HEADER_PREFIX = "header_";
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * Splits a destination into URL and headers. Refuses anything but plain HTTP
 * to a loopback address: a sandbox key must never reach a real intake, and
 * a real key must never be sent by the sandbox.
 */
export function parseDestination(destinationConf: string): HttpTarget {
  let url: URL;
  try {
    url = new URL(destinationConf);
  } catch {
    throw new Error("destination is not a URL (not shown: it may carry the key)");
  }
  if (url.protocol !== "http:" || !LOOPBACK.has(url.hostname)) {
    throw new Error(
      `the sandbox sends only to a local intake (http://127.0.0.1:<port>), not to ${url.protocol}//${url.host}; point the destination at it with onLocalOrigin()`,
    );
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of [...url.searchParams]) {
    if (!name.startsWith(HEADER_PREFIX)) continue;
    headers[name.slice(HEADER_PREFIX.length)] = value;
    url.searchParams.delete(name);
  }
  return { url, headers };
}

/**
 * The same destination on another origin (e.g. `http://127.0.0.1:8123`): the
 * path and every parameter, `header_*` ones included, are kept byte for byte.
 */
export function onLocalOrigin(destinationConf: string, origin: string): string {
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(destinationConf);
  if (!match) throw new Error("destination has no origin (scheme://host)");
  return origin.replace(/\/+$/, "") + destinationConf.slice(match[0].length);
}

/** Secrets are masked by the one message rule (`components/messages.ts`). */
export { maskSecret } from "../messages";

/** A destination fit for a log line: every `header_*` value masked. */
export function redactDestination(destinationConf: string): string {
  return destinationConf.replace(/([?&]header_[^=&#]*=)([^&#]*)/g, (_, name: string, value: string) => {
    let decoded = value;
    try {
      decoded = decodeURIComponent(value);
    } catch {
      // shown masked all the same
    }
    return name + maskSecret(decoded);
  });
}

/** The intake key header as Node reads it from a request (names arrive lower-cased). */
export const INTAKE_KEY_HEADER_LC = INTAKE_KEY_HEADER.toLowerCase();
