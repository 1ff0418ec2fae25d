import { healthFindings, humanDuration, STALE_FLOOR_SECONDS, staleAfterSeconds } from "../components/verify/health";

const NOW = new Date("2026-11-29T12:00:00Z");
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000).toISOString();
const job = (change: Partial<Parameters<typeof healthFindings>[0]> = {}) => ({
  enabled: true,
  last_complete: ago(60),
  last_error: null,
  error_message: null,
  max_upload_interval_seconds: 30,
  ...change,
});

describe("health rules (Cloudflare's last_complete / last_error / error_message / enabled)", () => {
  it("a job that pushed a minute ago and never failed is healthy", () => {
    expect(healthFindings(job(), { now: NOW })).toEqual([]);
  });

  it("a disabled job is a problem, with the last error when Cloudflare disabled it for failing", () => {
    const [f] = healthFindings(job({ enabled: false, last_error: ago(30), error_message: "HTTP 503" }), {
      now: NOW,
      declaredEnabled: true,
    });
    expect(f).toMatchObject({ severity: "problem", check: "disabled" });
    expect(f.message).toMatch(/disabled by Cloudflare after failing uploads.*HTTP 503/);
  });

  it("a job disabled as the stack declares is only a notice", () => {
    expect(healthFindings(job({ enabled: false }), { now: NOW, declaredEnabled: false })).toEqual([
      { severity: "notice", check: "disabled-as-declared", message: "disabled, as the stack declares" },
    ]);
  });

  it("an error newer than the last success is a problem, with Cloudflare's error_message", () => {
    const [f] = healthFindings(job({ last_error: ago(10), error_message: "HTTP 401: wrong intake key" }), { now: NOW });
    expect(f).toMatchObject({ severity: "problem", check: "failing" });
    expect(f.message).toContain("HTTP 401: wrong intake key");
  });

  it("an error older than the last success is history, not a problem", () => {
    expect(
      healthFindings(job({ last_complete: ago(10), last_error: ago(600), error_message: "x" }), { now: NOW }),
    ).toEqual([]);
  });

  it("a job that never pushed and never failed is new: a notice, not a failure", () => {
    expect(healthFindings(job({ last_complete: null }), { now: NOW })).toEqual([
      expect.objectContaining({ severity: "notice", check: "not-run-yet" }),
    ]);
  });

  it("a job that never pushed and failed is failing", () => {
    const findings = healthFindings(job({ last_complete: null, last_error: ago(5), error_message: "timeout" }), {
      now: NOW,
    });
    expect(findings.map((f) => f.check)).toEqual(["failing"]);
    expect(findings[0].message).toMatch(/never pushed: timeout/);
  });

  describe("staleness, from the job's upload interval", () => {
    it("is 12 intervals, at least an hour", () => {
      expect(staleAfterSeconds({ max_upload_interval_seconds: 300 })).toBe(3600);
      expect(staleAfterSeconds({ max_upload_interval_seconds: 30 })).toBe(STALE_FLOOR_SECONDS);
      // 0 or unset: Cloudflare's largest interval, 300 s.
      expect(staleAfterSeconds({ max_upload_interval_seconds: 0 })).toBe(3600);
      expect(staleAfterSeconds({ max_upload_interval_seconds: null })).toBe(3600);
    });
    it("passes at the threshold and fails one second past it", () => {
      expect(healthFindings(job({ last_complete: ago(3600) }), { now: NOW })).toEqual([]);
      const [f] = healthFindings(job({ last_complete: ago(3601) }), { now: NOW });
      expect(f).toMatchObject({ severity: "problem", check: "stale" });
      expect(f.message).toBe("no successful push for 60 min (threshold 60 min)");
    });
    it("takes a threshold given by the user", () => {
      expect(healthFindings(job({ last_complete: ago(120) }), { now: NOW, staleAfterSeconds: 120 })).toEqual([]);
      expect(healthFindings(job({ last_complete: ago(121) }), { now: NOW, staleAfterSeconds: 120 })[0].check).toBe(
        "stale",
      );
    });
  });

  it("durations read as people say them", () => {
    expect([42, 300, 7300, 200_000].map(humanDuration)).toEqual(["42 s", "5 min", "2 h 2 min", "2 days"]);
  });
});
