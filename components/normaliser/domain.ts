/**
 * The domain parts SEKOIA infers for `destination.domain` and `url.domain`:
 * `registered_domain`, `top_level_domain`, `subdomain`.
 *
 * SEKOIA computes them like Python's tldextract over the ICANN section of the
 * Public Suffix List only: private suffixes are not suffixes here
 * (`a.b.cloudfront.net` → registered `cloudfront.net`). Case is kept as written
 * and a trailing dot trimmed. An unknown TLD (`.local`, `.internal`) gives no
 * registered domain and no TLD, and `subdomain` is every label but the last.
 * IP addresses and single labels give nothing.
 */
import { isIP } from "node:net";
import { parse } from "tldts";
import { BoundedCache } from "./cache";

/** The inferred parts; each is absent when it does not apply. */
// A type, not an interface: it is also read as a record of inferred keys (infer.ts).
export type DomainParts = {
  readonly registered_domain?: string;
  readonly top_level_domain?: string;
  readonly subdomain?: string;
};

const NOTHING: DomainParts = Object.freeze({});
const PSL_OPTIONS = { allowPrivateDomains: false, extractHostname: false, validateHostname: false, detectIp: false };
const cache = new BoundedCache<string, DomainParts>(4096);

/** The domain parts of a host name (cached; the result is frozen). */
export function domainParts(host: string): DomainParts {
  return cache.getOrCompute(host, computeDomainParts);
}

function computeDomainParts(host: string): DomainParts {
  const name = host.replace(/\.+$/, "");
  if (name === "" || isIP(name) !== 0 || name.startsWith("[")) return NOTHING;
  const labels = name.split(".");
  if (labels.length < 2 || labels.includes("")) return NOTHING;
  // The list is lowercase; match on a lowercase copy, then cut the original by
  // label counts so that the case stays as written.
  const psl = parse(name.toLowerCase(), PSL_OPTIONS);
  if (!psl.isIcann || psl.publicSuffix === null) {
    return Object.freeze({ subdomain: labels.slice(0, -1).join(".") });
  }
  const suffixLabels = psl.publicSuffix.split(".").length;
  const top_level_domain = labels.slice(-suffixLabels).join(".");
  if (labels.length === suffixLabels) return Object.freeze({ top_level_domain });
  const registered_domain = labels.slice(-suffixLabels - 1).join(".");
  if (labels.length === suffixLabels + 1) return Object.freeze({ registered_domain, top_level_domain });
  const subdomain = labels.slice(0, -suffixLabels - 1).join(".");
  return Object.freeze({ registered_domain, top_level_domain, subdomain });
}
