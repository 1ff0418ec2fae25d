import { renderHuman, renderJobLine, renderJson } from "../components/verify/render";
import type { JobReport, VerifyReport } from "../components/verify/verify";

const ESC = "\u001b";
const scope = { kind: "zone" as const, id: "023e105f4ecef8ad9ca31a8372d0c353" };
const managed: JobReport = {
  scope,
  role: "managed",
  ok: true,
  jobId: 9,
  name: "sekoia-firewall-events-x",
  drift: [],
  health: [],
  destination: { endpoint: "https://intake.sekoia.io/plain/batch", region: "FRA1", key: "QH6R…(33 chars)" },
  lastComplete: "2026-11-29T03:00:00Z",
  lastError: null,
  errorMessage: null,
};

describe("the verify report", () => {
  it("a healthy job: OK, in green on a terminal only", () => {
    expect(renderJobLine(managed, false)).toBe(
      `OK       zone ${scope.id}  job 9 "sekoia-firewall-events-x"  FRA1, key QH6R…(33 chars) | last push 2026-11-29T03:00:00Z`,
    );
    expect(renderJobLine(managed, true).startsWith(`${ESC}[32mOK     ${ESC}[0m  zone`)).toBe(true);
  });

  it("a notice only (no push yet): OK*, in yellow, and it does not fail", () => {
    const fresh: JobReport = {
      ...managed,
      lastComplete: null,
      health: [{ severity: "notice", check: "not-run-yet", message: "no push yet (a new job, or no event yet)" }],
    };
    expect(renderJobLine(fresh, false)).toMatch(/^OK\* +zone .* note: no push yet/);
    expect(renderJobLine(fresh, true).startsWith(`${ESC}[33mOK*`)).toBe(true);
    const report: VerifyReport = { checkedAt: "2026-11-29T03:00:00.000Z", ok: true, jobs: [fresh] };
    expect(renderHuman(report, false)).toMatch(/1 declared job checked at 2026-11-29T03:00:00.000Z: all well\.\n$/);
  });

  it("a problem: PROBLEM in red, and the summary points at the README", () => {
    const bad: JobReport = { ...managed, ok: false, drift: [{ setting: "sampleRate", declared: "1", live: "0.5" }] };
    expect(renderJobLine(bad, true).startsWith(`${ESC}[31mPROBLEM${ESC}[0m`)).toBe(true);
    expect(renderJobLine(bad, true)).toContain("drift: sampleRate 1 → 0.5");
    const text = renderHuman({ checkedAt: "t", ok: false, jobs: [bad, managed] }, false);
    expect(text).toMatch(/2 declared jobs checked at t: 1 problem\. What to do: README, "Is it working\?"\.\n$/);
  });

  it("JSON: the same facts, parseable, the key masked", () => {
    const report: VerifyReport = { checkedAt: "t", ok: true, jobs: [managed] };
    expect(JSON.parse(renderJson(report))).toEqual(report);
  });
});
