/**
 * A seeded generator of realistic firewall_events records (every field of the
 * catalogue), for the emulator: a zone under the usual mix of scanners, bots,
 * rate-limited clients and people. Proportions are declarative weight tables;
 * the same seed gives the same records.
 */
import type { FirewallEventsField } from "../fields";
import { seededRandom } from "../normaliser/synthetic";
import type { LogRecord } from "./filter-eval";

/** A value and its relative weight. */
type Weighted<T> = ReadonlyArray<readonly [T, number]>;

/**
 * Which security product fired, how often, and the actions it takes in what
 * mix: managed and custom rules dominate, rate limiting and bot products follow.
 */
// prettier-ignore
export const SOURCES: ReadonlyArray<{ source: string; weight: number; actions: Weighted<string>; rules: readonly string[] }> = [
  { source: "firewallmanaged", weight: 30, actions: [["block", 70], ["log", 25], ["managedchallenge", 5]], rules: ["6179ae15870a4bb7b2d480d4843b323c", "e3a567afc347477d9702d9047e97d760", "5de7edfa648c4d6891dc3e7f84534ffa"] },
  { source: "firewallcustom", weight: 25, actions: [["block", 45], ["managedchallenge", 30], ["log", 10], ["bypass", 5], ["managedchallengenoninteractivesolved", 6], ["managedchallengeinteractivesolved", 2], ["managedchallengebypassed", 2]], rules: ["f2a1c8e0d3b44f5aa1b2c3d4e5f60718", "0b7cdf1e29a34c56b7d8e9f0a1b2c3d4"] },
  { source: "ratelimit", weight: 12, actions: [["block", 60], ["managedchallenge", 25], ["log", 15]], rules: ["4d2c9a1f7e8b4c3da5f6b7c8d9e0f1a2"] },
  { source: "securitylevel", weight: 8, actions: [["managedchallenge", 50], ["jschallenge", 20], ["challenge", 10], ["challengesolved", 8], ["jschallengesolved", 6], ["challengefailed", 3], ["jschallengefailed", 3]], rules: ["medium"] },
  { source: "botfight", weight: 7, actions: [["managedchallenge", 55], ["block", 35], ["precursorinterstitialpageissued", 5], ["precursorinterstitialpagesolved", 3], ["precursorinterstitialpagebypassed", 2]], rules: ["bot_fight_mode"] },
  { source: "bic", weight: 5, actions: [["block", 80], ["log", 20]], rules: ["bic"] },
  { source: "l7ddos", weight: 4, actions: [["block", 70], ["connectionclose", 30]], rules: ["a1b2c3d4e5f60718293a4b5c6d7e8f90"] },
  { source: "country", weight: 3, actions: [["block", 100]], rules: ["country"] },
  { source: "ip", weight: 3, actions: [["block", 70], ["allow", 30]], rules: ["ip"] },
  { source: "asn", weight: 2, actions: [["block", 80], ["managedchallenge", 20]], rules: ["asn"] },
  { source: "uablock", weight: 1, actions: [["block", 100]], rules: ["uablock"] },
];

/** Client countries (ISO codes as Logpush writes them, lower case; `t1` is Tor). */
// prettier-ignore
export const COUNTRIES: Weighted<string> = [
  ["us", 24], ["cn", 10], ["de", 7], ["fr", 7], ["ru", 6], ["gb", 5], ["nl", 5], ["br", 4], ["in", 4], ["sg", 3],
  ["vn", 3], ["id", 3], ["ua", 2], ["jp", 2], ["kr", 2], ["ca", 2], ["ie", 2], ["ro", 2], ["t1", 1], ["xx", 1],
];

/** User agents by kind: browsers (most), crawlers, tools and scanners, and none at all. */
// prettier-ignore
export const USER_AGENTS: Weighted<string> = [
  ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36", 22],
  ["Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15", 8],
  ["Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0", 5],
  ["Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1", 9],
  ["Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.113 Mobile Safari/537.36", 8],
  ["Mozilla/5.0 (Linux; U; Android 4.4.2; en-US; HM NOTE 1W Build/KOT49H) AppleWebKit/534.30 (KHTML, like Gecko) Version/4.0 UCBrowser/11.0.5.850 U3/0.8.0 Mobile Safari/534.30", 2],
  ["Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", 5],
  ["Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", 3],
  ["Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)", 3],
  ["curl/8.5.0", 8],
  ["python-requests/2.31.0", 9],
  ["Go-http-client/1.1", 6],
  ["sqlmap/1.7.2#stable (https://sqlmap.org)", 3],
  ["Mozilla/5.0 zgrab/0.x", 4],
  ["", 5],
];

/** The zone's hosts. */
// prettier-ignore
export const HOSTS: Weighted<string> = [
  ["www.example.com", 40], ["example.com", 15], ["api.example.com", 25], ["shop.example.com", 12], ["admin.example.com", 5], ["static.example.com", 3],
];

/** Requested paths: probes for well-known weaknesses next to the site's own pages. */
// prettier-ignore
export const PATHS: Weighted<string> = [
  ["/", 15], ["/login", 10], ["/api/v1/users", 10], ["/api/v1/cart", 6], ["/search", 8], ["/wp-login.php", 9], ["/xmlrpc.php", 5],
  ["/.env", 7], ["/.git/config", 4], ["/admin", 5], ["/static/app.js", 6], ["/cgi-bin/luci/;stok=/locale", 2], ["/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", 3], ["/favicon.ico", 5],
];

/** Query strings: most requests have none; some carry injection attempts. */
// prettier-ignore
export const QUERIES: Weighted<string> = [
  ["", 70], ["?id=1", 6], ["?q=shoes&page=2", 8], ["?id=1%27%20OR%201%3D1--", 5], ["?file=../../../../etc/passwd", 3], ["?s=%3Cscript%3Ealert(1)%3C/script%3E", 3], ["?utm_source=newsletter", 5],
];

// prettier-ignore
export const METHODS: Weighted<string> = [["GET", 74], ["POST", 21], ["HEAD", 3], ["PUT", 1], ["OPTIONS", 1]];
// prettier-ignore
export const PROTOCOLS: Weighted<string> = [["HTTP/2", 55], ["HTTP/1.1", 33], ["HTTP/3", 11], ["HTTP/1.0", 1]];
// prettier-ignore
export const IP_CLASSES: Weighted<string> = [["noRecord", 72], ["unknown", 8], ["searchEngine", 5], ["badHost", 6], ["scan", 4], ["tor", 2], ["monitoringService", 2], ["allowlist", 1]];
// prettier-ignore
export const ASNS: Weighted<readonly [number, string]> = [
  [[16509, "AMAZON-02"], 12], [[14061, "DIGITALOCEAN-ASN"], 10], [[15169, "GOOGLE"], 8], [[4134, "CHINANET-BACKBONE"], 8], [[24940, "HETZNER-AS"], 7],
  [[7922, "COMCAST-7922"], 9], [[3215, "Orange"], 6], [[3320, "DTAG Internet service provider operations"], 6], [[12389, "ROSTELECOM-AS"], 5], [[45090, "TENCENT-NET-AP"], 5],
  [[16276, "OVH"], 8], [[9009, "M247"], 4], [[8075, "MICROSOFT-CORP-MSN-AS-BLOCK"], 5], [[13335, "CLOUDFLARENET"], 2],
];
// prettier-ignore
export const COLOS: Weighted<string> = [["CDG", 14], ["FRA", 14], ["AMS", 10], ["LHR", 10], ["IAD", 12], ["EWR", 8], ["SJC", 7], ["SIN", 8], ["NRT", 5], ["GRU", 4], ["BOM", 4], ["HKG", 4]];
// prettier-ignore
export const REFERERS: Weighted<string> = [["", 75], ["www.example.com", 12], ["www.google.com", 8], ["t.co", 3], ["evil.example.net", 2]];

/** Actions that end at the edge (the origin is never asked). */
// prettier-ignore
const EDGE_ANSWERS: Readonly<Record<string, number>> = {
  block: 403, managedchallenge: 403, jschallenge: 403, challenge: 403, challengefailed: 403, jschallengefailed: 403, connectionclose: 0,
  precursorinterstitialpageissued: 403, // a page served by the edge, answered like a challenge page
};
/** Actions that follow a solved challenge: they carry the challenge's RayID. */
// prettier-ignore
const SOLVED = new Set(["challengesolved", "jschallengesolved", "managedchallengenoninteractivesolved", "managedchallengeinteractivesolved", "managedchallengebypassed", "challengebypassed", "jschallengebypassed", "precursorinterstitialpagesolved", "precursorinterstitialpagebypassed"]);
/** Rule descriptions by source, as a dashboard shows them. */
// prettier-ignore
const DESCRIPTIONS: Readonly<Record<string, string>> = {
  firewallmanaged: "Cloudflare Managed Ruleset - Information Disclosure",
  firewallcustom: "Block scanners and bad bots",
  ratelimit: "Login rate limit: 10 req/min",
  l7ddos: "HTTP DDoS attack protection",
};

/** Options of the generator. */
export interface GeneratorOptions {
  /** Same seed, same records. Default 1. */
  seed?: number;
  /** Epoch nanoseconds of the first event. Default 2026-06-01T00:00:00Z. */
  startNanos?: bigint;
  /** Average events per second of event time (arrivals are random). Default 20. */
  eventsPerSecond?: number;
  /**
   * The zones of an account, for an account-scoped job: each record then comes from one of them
   * (the first ones busier), carries its `ZoneName`, and its hosts are that zone's. Default: one
   * zone, example.com, and no `ZoneName` (the zone dataset has none).
   */
  zones?: readonly string[];
}

/** The zones of the sandbox's account, for `npm start -- --account`. */
export const ACCOUNT_ZONES: readonly string[] = ["example.com", "shop.example.net", "example.org", "api.example.io"];

/** Sums the weights once; `pick` then draws in proportion. */
function table<T>(rows: Weighted<T>): (r: number) => T {
  const total = rows.reduce((s, [, w]) => s + w, 0);
  return (r) => {
    let x = r * total;
    for (const [value, weight] of rows) {
      x -= weight;
      if (x < 0) return value;
    }
    return rows[rows.length - 1][0];
  };
}

/** A generated record: every catalogue field (`ZoneName` only with `zones`), Datetime as bigint epoch nanoseconds. */
export type GeneratedRecord = Readonly<Record<Exclude<FirewallEventsField, "ZoneName">, unknown>> &
  Readonly<{ ZoneName?: string }> &
  LogRecord;

/** `count` records, the same for the same options. RayIDs are unique within a run. */
export function* generateRecords(count: number, options: GeneratorOptions = {}): Generator<GeneratedRecord> {
  const random = seededRandom(options.seed ?? 1);
  const pick = <T>(p: (r: number) => T) => p(random());
  const source = table(SOURCES.map((s) => [s, s.weight] as const));
  const actionsOf = new Map(SOURCES.map((s) => [s.source, table(s.actions)]));
  const [country, ua, host, path, query, method, protocol, ipClass, asn, colo, referer] = [
    table(COUNTRIES),
    table(USER_AGENTS),
    table(HOSTS),
    table(PATHS),
    table(QUERIES),
    table(METHODS),
    table(PROTOCOLS),
    table(IP_CLASSES),
    table(ASNS),
    table(COLOS),
    table(REFERERS),
  ] as const;
  // A few hundred clients make most of the noise, as in real traffic.
  const clients = Array.from({ length: 400 }, (_, i) =>
    i % 8 === 7
      ? `2a01:e0a:${Math.floor(random() * 0xffff).toString(16)}::${Math.floor(random() * 0xffff).toString(16)}`
      : `${1 + Math.floor(random() * 222)}.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}.${1 + Math.floor(random() * 254)}`,
  );
  const hex = (digits: number) => Array.from({ length: digits }, () => Math.floor(random() * 16).toString(16)).join("");
  // RayID: a run prefix, then the index through an odd multiplier (a bijection mod 2^32): unique, random-looking.
  const rayPrefix = hex(8);
  const rayId = (i: number) => rayPrefix + (Math.imul(i + 1, 0x9e3779b1) >>> 0).toString(16).padStart(8, "0");
  const meanGapNs = 1e9 / (options.eventsPerSecond ?? 20);
  let nanos = options.startNanos ?? 1_780_272_000_000_000_000n;
  // Zones busy in decreasing measure (weights n, n-1, …, 1), as an account's zones usually are.
  const zones = options.zones ?? [];
  const zoneOf = table(zones.map((z, i) => [z, zones.length - i] as const));

  for (let i = 0; i < count; i++) {
    nanos += BigInt(Math.floor(-Math.log(1 - random()) * meanGapNs)); // exponential gaps: Poisson arrivals
    const s = pick(source);
    const action = pick(actionsOf.get(s.source)!);
    const edge = EDGE_ANSWERS[action];
    const origin = edge === undefined ? (random() < 0.9 ? 200 : 404) : 0;
    const [asNumber, asName] = pick(asn);
    const ref = pick(referer);
    const cc = pick(country);
    const zone = zones.length > 0 ? pick(zoneOf) : undefined;
    const onZone = (h: string) => (zone === undefined ? h : h.replace("example.com", zone));
    yield {
      Action: action,
      AISecurityCustomTopicCategories: {},
      AISecurityInjectionScore: 0,
      AISecurityPIICategories: [],
      AISecurityTokenCount: 0,
      AISecurityUnsafeTopicCategories: [],
      ClientASN: asNumber,
      ClientASNDescription: asName,
      ClientCountry: cc,
      ClientIP: clients[Math.floor(random() ** 2 * clients.length)],
      ClientIPClass: cc === "t1" ? "tor" : pick(ipClass),
      ClientRefererHost: ref,
      ClientRefererPath: ref ? "/" : "",
      ClientRefererQuery: "",
      ClientRefererScheme: ref ? "https" : "",
      ClientRequestHost: onZone(pick(host)),
      ClientRequestMethod: pick(method),
      ClientRequestPath: pick(path),
      ClientRequestProtocol: pick(protocol),
      ClientRequestQuery: pick(query),
      ClientRequestScheme: random() < 0.97 ? "https" : "http",
      ClientRequestUserAgent: pick(ua),
      ContentScanObjResults: [],
      ContentScanObjSizes: [],
      ContentScanObjTypes: [],
      Datetime: nanos,
      Description: DESCRIPTIONS[s.source] ?? "",
      EdgeColoCode: pick(colo),
      EdgeResponseStatus: edge ?? origin,
      FirewallForAIInjectionScore: 0,
      FirewallForAIPIICategories: [],
      FirewallForAITokenCount: 0,
      FirewallForAIUnsafeTopicCategories: [],
      FraudUserID: "",
      Kind: "firewall",
      LeakedCredentialCheckResult: "",
      MatchIndex: 0,
      Metadata:
        s.source === "firewallmanaged"
          ? { ruleset_version: "105", group: "cloudflare_specials" }
          : s.source === "ratelimit"
            ? { ratelimit_period: "60", ratelimit_threshold: "10" }
            : {},
      OriginResponseStatus: origin,
      OriginatorRayID: SOLVED.has(action) ? rayPrefix.slice(0, 4) + hex(12) : "00",
      RayID: rayId(i),
      Ref: "",
      RuleID: s.rules[Math.floor(random() * s.rules.length)],
      Source: s.source,
      WAFRequestSignatureCategories: [],
      WAFRequestSignatureRefs: [],
      ...(zone !== undefined && { ZoneName: zone }),
    };
  }
}
