/**
 * Every limit the Cloudflare API states for an argument, at its boundary: the
 * boundary value passes, the next one is refused. Sources: Cloudflare's Logpush
 * job API (POST /zones/{zone_id}/logpush/jobs: destination_conf ≤ 4096, name ≤ 512,
 * max_upload_* ranges; sample_rate 0 < r ≤ 1), its API token API (name ≤ 120), and
 * the docs' "Filters" page for the filter (tests/filter-rules.test.ts).
 */
import { FirewallEventsLogpush, SEKOIA_REGIONS, validateArgs } from "../components";
import {
  DESTINATION_CONF_MAX_LENGTH,
  MAX_ENCODED_INTAKE_KEY_LENGTH,
  SEKOIA_BATCH_ENDPOINTS,
  sekoiaDestination,
} from "../components/sekoia";
import { API_TOKEN, installMocks, settle } from "../components/testing/mocks";
import {
  TOKEN_NAME_LIMITS,
  TOKEN_NAME_PREFIX_MAX_LENGTH,
  UPLOAD_LIMITS,
  validateIntakeKey,
  validateJobName,
  validateSampleRate,
  validateTokenNamePrefix,
  validateUploadLimit,
  validateZoneId,
} from "../components/validation";

const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";

describe("destination_conf: at most 4096 characters, so the intake key is bounded", () => {
  const longest = "k".repeat(MAX_ENCODED_INTAKE_KEY_LENGTH);

  it("the longest key fits in every region, and fills the longest region's URL exactly", () => {
    const lengths = SEKOIA_REGIONS.map((r) => sekoiaDestination(r, longest).length);
    expect(Math.max(...lengths)).toBe(DESTINATION_CONF_MAX_LENGTH);
  });

  it("a key of the longest length passes, one character more is refused without printing the key", () => {
    expect(validateIntakeKey(longest)).toEqual([]);
    const problems = validateIntakeKey(`${longest}k`);
    expect(problems).toEqual([expect.stringMatching(/^intakeKey is \d+ characters once URL-encoded;.* at most \d+/)]);
    expect(problems[0]).not.toContain("kkkk");
  });

  it("counts a character as its URL-encoded length", () => {
    // "é" is 6 characters in the URL (%C3%A9).
    const n = Math.floor(MAX_ENCODED_INTAKE_KEY_LENGTH / 6);
    expect(validateIntakeKey("é".repeat(n))).toEqual([]);
    expect(validateIntakeKey("é".repeat(n + 1))).toEqual([expect.stringMatching(/once URL-encoded/)]);
  });

  it("a key no URL can carry (a lone surrogate) is refused at preview, not thrown at up", () => {
    expect(validateIntakeKey("abc\uD800def")).toEqual([expect.stringMatching(/broken character/)]);
  });
});

describe("SGP1", () => {
  it("is a region, with the intake-http path SEKOIA documents for every region but FRA1", () => {
    expect(SEKOIA_BATCH_ENDPOINTS.SGP1).toBe("https://intake.sgp1.sekoia.io/api/v1/intake-http/plain/batch");
    expect(validateArgs({ zoneId: ZONE, intakeKey: "k", region: "SGP1" })).toEqual([]);
  });
});

describe("API token name: at most 120 characters, prefix + '-' + 8-hex suffix", () => {
  it(`the prefix may take ${TOKEN_NAME_PREFIX_MAX_LENGTH} characters, not one more`, () => {
    expect(TOKEN_NAME_PREFIX_MAX_LENGTH).toBe(111);
    expect(validateTokenNamePrefix("p".repeat(111))).toEqual([]);
    expect(validateTokenNamePrefix("p".repeat(112))).toEqual([
      expect.stringMatching(/^apiToken\.name must be a non-empty string of at most 111 .* 120 characters/),
    ]);
  });

  it("the token the component makes with the longest prefix is named in exactly 120 characters", async () => {
    const mocks = installMocks();
    const c = new FirewallEventsLogpush("long", {
      zoneId: ZONE,
      intakeKey: "k",
      apiToken: { name: "p".repeat(TOKEN_NAME_PREFIX_MAX_LENGTH) },
    });
    await settle([c.apiToken]);
    const [token] = mocks.byType(API_TOKEN);
    expect(token.inputs.name).toHaveLength(TOKEN_NAME_LIMITS.maxLength);
  });
});

describe("the job's other limits", () => {
  const ranges = Object.entries(UPLOAD_LIMITS) as Array<[keyof typeof UPLOAD_LIMITS, { min: number; max: number }]>;
  it.each(ranges)("%s: 0, min and max pass; min - 1, max + 1 and -1 are refused", (arg, { min, max }) => {
    for (const v of [0, min, max]) expect([v, validateUploadLimit(v, arg)]).toEqual([v, []]);
    for (const v of [min - 1, max + 1, -1])
      expect([v, validateUploadLimit(v, arg)]).toEqual([v, [expect.stringMatching(new RegExp(`^${arg} must be`))]]);
  });

  it("sampleRate: the smallest positive number and 1 pass; 0 and just above 1 are refused", () => {
    for (const v of [Number.MIN_VALUE, 1]) expect(validateSampleRate(v)).toEqual([]);
    for (const v of [0, 1 + Number.EPSILON, -0.1]) expect(validateSampleRate(v)).not.toEqual([]);
  });

  it("jobName: 512 characters pass, 513 are refused; empty is refused", () => {
    expect(validateJobName("j".repeat(512))).toEqual([]);
    expect(validateJobName("j".repeat(513))).not.toEqual([]);
    expect(validateJobName("")).not.toEqual([]);
  });

  it("zoneId: exactly 32 hexadecimal characters", () => {
    expect(validateZoneId(ZONE)).toEqual([]);
    expect(validateZoneId(ZONE.slice(1))).not.toEqual([]);
    expect(validateZoneId(`${ZONE}0`)).not.toEqual([]);
  });
});
