/** The fields SEKOIA infers after the mapping: addresses, domain parts, related.*, user_agent.*. */
import { normalise, type EcsEvent } from "../components/normaliser";
import { domainParts } from "../components/normaliser/domain";
import { parseUserAgent } from "../components/normaliser/user-agent";

function eventOf(record: Record<string, unknown>): EcsEvent {
  const result = normalise({ Datetime: 1657630626, ...record });
  if (result.kind !== "event") throw new Error(result.reason);
  return result.event;
}

describe("domain parts (tldextract over the ICANN section of the Public Suffix List)", () => {
  it.each([
    ["foo-bar-baz.xyz", { registered_domain: "foo-bar-baz.xyz", top_level_domain: "xyz" }],
    ["www.example.com", { registered_domain: "example.com", top_level_domain: "com", subdomain: "www" }],
    [
      "a.b.shop.example.co.uk",
      { registered_domain: "example.co.uk", top_level_domain: "co.uk", subdomain: "a.b.shop" },
    ],
    // private suffixes are not suffixes here
    ["a.b.cloudfront.net", { registered_domain: "cloudfront.net", top_level_domain: "net", subdomain: "a.b" }],
    ["myapp.herokuapp.com", { registered_domain: "herokuapp.com", top_level_domain: "com", subdomain: "myapp" }],
    // case kept as written, trailing dot trimmed
    ["WWW.Example.CO.UK.", { registered_domain: "Example.CO.UK", top_level_domain: "CO.UK", subdomain: "WWW" }],
    // wildcard and exception rules
    [
      "www.city.kawasaki.jp",
      { registered_domain: "city.kawasaki.jp", top_level_domain: "kawasaki.jp", subdomain: "www" },
    ],
    // unknown TLDs: no registered domain, no TLD, every label but the last is the subdomain
    ["a.b.local", { subdomain: "a.b" }],
    ["printer.internal", { subdomain: "printer" }],
    // a bare public suffix
    ["co.uk", { top_level_domain: "co.uk" }],
    // IP addresses and single labels give nothing
    ["192.0.2.1", {}],
    ["2001:db8::1", {}],
    ["[2001:db8::1]", {}],
    ["localhost", {}],
    ["", {}],
    ["a..b.com", {}],
  ])("%s → %j", (host, parts) => {
    expect({ ...domainParts(host) }).toEqual(parts);
  });

  it("splits destination.domain and url.domain of an event", () => {
    const event = eventOf({ ClientRequestHost: "login.example.org" });
    const parts = { registered_domain: "example.org", top_level_domain: "org", subdomain: "login" };
    expect(event.destination).toEqual({ domain: "login.example.org", address: "login.example.org", ...parts });
    expect(event.url).toEqual({ domain: "login.example.org", ...parts });
  });
});

describe("addresses and related", () => {
  it("sets source.address from source.ip, destination.address from destination.domain", () => {
    const event = eventOf({ ClientIP: "2001:db8::7", ClientRequestHost: "api.example.com" });
    expect(event.source).toEqual({ ip: "2001:db8::7", address: "2001:db8::7" });
    expect((event.destination as Record<string, unknown>).address).toBe("api.example.com");
  });

  it("lists the request's host once in related.hosts, never the referer host", () => {
    const event = eventOf({
      ClientIP: "192.0.2.1",
      ClientRequestHost: "api.example.com",
      ClientRefererHost: "evil.example.net",
    });
    expect(event.related).toEqual({ hosts: ["api.example.com"], ip: ["192.0.2.1"] });
  });

  it("has no related object when there is nothing to relate", () => {
    expect(eventOf({ RayID: "x" })).not.toHaveProperty("related");
  });
});

describe("user_agent (uap-core regexes, ua-parser reference implementation)", () => {
  it("parses the reference's example as SEKOIA does", () => {
    const ua =
      "Mozilla/5.0 (Linux; U; Android 4.4.2; en-US; HM NOTE 1W Build/KOT49H) AppleWebKit/534.30 (KHTML, like Gecko) Version/4.0 UCBrowser/11.0.5.850 U3/0.8.0 Mobile Safari/534.30";
    expect(eventOf({ ClientRequestUserAgent: ua }).user_agent).toEqual({
      original: ua,
      name: "UC Browser",
      version: "11.0.5",
      os: { name: "Android", version: "4.4.2" },
      device: { name: "XiaoMi HM NOTE 1W" },
    });
  });

  it.each([
    ["curl/8.5.0", { name: "curl", version: "8.5.0", os: { name: "Other" }, device: { name: "Other" } }],
    [
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
      { name: "Chrome", version: "124.0.0", os: { name: "Windows", version: "10" }, device: { name: "Other" } },
    ],
    [
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1",
      { name: "Mobile Safari", version: "17.4.1", os: { name: "iOS", version: "17.4.1" }, device: { name: "iPhone" } },
    ],
    ["definitely not a browser", { name: "Other", os: { name: "Other" }, device: { name: "Other" } }],
  ])("%s", (ua, expected) => {
    expect(JSON.parse(JSON.stringify(parseUserAgent(ua)))).toEqual(expected);
  });

  it("gives each event its own user_agent object although results are cached", () => {
    const first = eventOf({ ClientRequestUserAgent: "curl/8.5.0" });
    (first.user_agent as Record<string, unknown>).name = "changed";
    expect((eventOf({ ClientRequestUserAgent: "curl/8.5.0" }).user_agent as Record<string, unknown>).name).toBe("curl");
  });
});
