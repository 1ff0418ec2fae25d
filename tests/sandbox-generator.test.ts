/** The event generator: seeded, complete, in the proportions its tables declare. */
import { FIELD_NAMES } from "../components";
import { ACTION_EVENT_TYPES } from "../components/normaliser";
import { COUNTRIES, SOURCES, generateRecords } from "../components/sandbox/generator";

const sample = [...generateRecords(20000, { seed: 42 })];

it("the same seed gives the same records, another seed others", () => {
  const again = [...generateRecords(50, { seed: 42 })];
  expect(again).toEqual(sample.slice(0, 50));
  expect([...generateRecords(50, { seed: 43 })]).not.toEqual(again);
});

it("every record has every catalogue field, unique RayIDs, and times that move forward", () => {
  for (const r of sample.slice(0, 500)) expect(Object.keys(r).sort()).toEqual([...FIELD_NAMES].sort());
  expect(new Set(sample.map((r) => r.RayID)).size).toBe(sample.length);
  for (const r of sample) expect(r.RayID).toMatch(/^[0-9a-f]{16}$/);
  for (let i = 1; i < sample.length; i++)
    expect(sample[i].Datetime as bigint).toBeGreaterThanOrEqual(sample[i - 1].Datetime as bigint);
});

it("only actions Cloudflare documents", () => {
  const known = new Set(Object.keys(ACTION_EVENT_TYPES));
  for (const r of sample) expect(known).toContain(r.Action);
});

it("includes today's pre-challenge interstitial actions beside the older ones", () => {
  const seen = new Set(sample.map((r) => r.Action));
  for (const action of [
    "precursorinterstitialpageissued",
    "precursorinterstitialpagebypassed",
    "precursorinterstitialpagesolved",
    "challengefailed",
  ])
    expect(seen).toContain(action);
});

it("sources and countries come in the proportions of their tables (±2 points)", () => {
  const share = (pick: (r: (typeof sample)[number]) => unknown, value: unknown) =>
    sample.filter((r) => pick(r) === value).length / sample.length;
  const sourceTotal = SOURCES.reduce((s, x) => s + x.weight, 0);
  for (const s of SOURCES)
    expect(Math.abs(share((r) => r.Source, s.source) - s.weight / sourceTotal)).toBeLessThan(0.02);
  const countryTotal = COUNTRIES.reduce((s, [, w]) => s + w, 0);
  for (const [c, w] of COUNTRIES)
    expect(Math.abs(share((r) => r.ClientCountry, c) - w / countryTotal)).toBeLessThan(0.02);
});

it("blocked and challenged requests are answered at the edge: 403, no origin status", () => {
  for (const r of sample.filter((x) => x.Action === "block"))
    expect([r.EdgeResponseStatus, r.OriginResponseStatus]).toEqual([403, 0]);
});
