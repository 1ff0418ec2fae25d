/**
 * A seeded generator of realistic firewall_events Logpush lines (the guide's 28
 * fields): repeated user agents, a few hosts, many client IPs, the actions and
 * sources seen in practice. For the benchmark and the CLI tests; not used by
 * the normaliser itself.
 */
import type { TimestampFormat } from "../validation";
import { formatDatetime } from "./timestamp";

const HOSTS = [
  "www.example.com",
  "example.com",
  "api.example.com",
  "shop.example.co.uk",
  "static.cdn.example.net",
  "login.example.org",
  "foo-bar-baz.xyz",
  "app.eu.example.io",
];
const USER_AGENTS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
  "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.113 Mobile Safari/537.36",
  "Mozilla/5.0 (Linux; U; Android 4.4.2; en-US; HM NOTE 1W Build/KOT49H) AppleWebKit/534.30 (KHTML, like Gecko) Version/4.0 UCBrowser/11.0.5.850 U3/0.8.0 Mobile Safari/534.30",
  "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
  "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
  "curl/8.5.0",
  "python-requests/2.31.0",
  "Go-http-client/1.1",
  "sqlmap/1.7.2#stable (https://sqlmap.org)",
  "Mozilla/5.0 zgrab/0.x",
  "",
];
const ACTIONS = [
  "block",
  "block",
  "block",
  "block",
  "managedchallenge",
  "managedchallenge",
  "log",
  "log",
  "jschallenge",
  "challengesolved",
  "managedchallengenoninteractivesolved",
  "allow",
  "bypass",
  "connectionclose",
  "precursorinterstitialpageissued",
  "precursorinterstitialpagesolved",
];
const SOURCES = ["waf", "firewallmanaged", "firewallcustom", "ratelimit", "bic", "securitylevel", "botfight", "l7ddos"];
const PATHS = ["/", "/login", "/wp-login.php", "/.env", "/api/v1/users/42", "/static/app.js", "/search", "/xmlrpc.php"];
const QUERIES = ["", "", "", "?id=1", "?q=%27%20OR%201%3D1--", "?page=2&sort=desc"];
const COUNTRIES = ["us", "fr", "de", "cn", "br", "in", "ru", "gb", "nl", "T1"];
const ASNS: ReadonlyArray<readonly [number, string]> = [
  [15169, "GOOGLE"],
  [16509, "AMAZON-02"],
  [14061, "DIGITALOCEAN-ASN"],
  [4134, "CHINANET-BACKBONE"],
  [3215, "Orange"],
  [7922, "COMCAST-7922"],
  [24940, "HETZNER-AS"],
  [13335, "CLOUDFLARENET"],
];
const COLOS = ["CDG", "FRA", "AMS", "LHR", "EWR", "SJC", "SIN", "NRT"];
const IP_CLASSES = ["noRecord", "noRecord", "unknown", "searchEngine", "badHost", "tor", "scan"];

/** A small, fast, seeded PRNG (mulberry32): same seed, same lines. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` NDJSON lines (without newlines), the same for the same seed. */
export function* syntheticLines(count: number, seed = 1, format: TimestampFormat = "rfc3339"): Generator<string> {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const ips = Array.from({ length: 2000 }, (_, i) =>
    i % 10 === 9
      ? `2a01:e0a:${Math.floor(random() * 65535).toString(16)}::${Math.floor(random() * 65535).toString(16)}`
      : `${1 + Math.floor(random() * 222)}.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}`,
  );
  const hex = (digits: number) => Array.from({ length: digits }, () => Math.floor(random() * 16).toString(16)).join("");
  // A zone has a few dozen rules: rule IDs repeat, ray IDs do not.
  const ruleIds = Array.from({ length: 40 }, (_, i) => (i < 15 ? `1000${10 + i}` : hex(32)));
  let nanos = 1_717_000_000_000_000_000n;
  for (let i = 0; i < count; i++) {
    nanos += BigInt(Math.floor(random() * 5_000_000_000));
    const [asn, asnName] = pick(ASNS);
    const source = pick(SOURCES);
    const metadata =
      source === "waf" || source === "firewallmanaged"
        ? {
            ruleset_version: "105",
            rule_message: "Version Control - Information Disclosure",
            group: "cloudflare_specials",
          }
        : source === "ratelimit"
          ? { ratelimit_period: "60", ratelimit_threshold: "100" }
          : {};
    const referer = random() < 0.3 ? pick(HOSTS) : "";
    const record = {
      Action: pick(ACTIONS),
      ClientASN: asn,
      ClientASNDescription: asnName,
      ClientCountry: pick(COUNTRIES),
      ClientIP: pick(ips),
      ClientIPClass: pick(IP_CLASSES),
      ClientRefererHost: referer,
      ClientRefererPath: referer ? "/" : "",
      ClientRefererQuery: "",
      ClientRefererScheme: referer ? "https" : "",
      ClientRequestHost: pick(HOSTS),
      ClientRequestMethod: random() < 0.8 ? "GET" : "POST",
      ClientRequestPath: pick(PATHS),
      ClientRequestProtocol: random() < 0.6 ? "HTTP/2" : "HTTP/1.1",
      ClientRequestQuery: pick(QUERIES),
      ClientRequestScheme: "https",
      ClientRequestUserAgent: pick(USER_AGENTS),
      Datetime: 0,
      EdgeColoCode: pick(COLOS),
      EdgeResponseStatus: random() < 0.6 ? 403 : 200,
      Kind: "firewall",
      MatchIndex: Math.floor(random() * 3),
      Metadata: metadata,
      OriginResponseStatus: random() < 0.6 ? 0 : 200,
      OriginatorRayID: "00",
      RayID: hex(16),
      RuleID: pick(ruleIds),
      Source: source,
    };
    // Datetime written by hand: unixnano is above 2^53 and must keep its digits.
    yield JSON.stringify(record).replace('"Datetime":0', `"Datetime":${formatDatetime(nanos, format)}`);
  }
}
