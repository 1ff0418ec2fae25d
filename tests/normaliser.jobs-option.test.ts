/** `--jobs N`: a whole number of threads from 1 to MAX_JOBS; anything else is a usage error naming --jobs. */
import { MAX_JOBS, parseJobs, workerThreads } from "../components/normaliser/jobs-option";

describe("workerThreads", () => {
  it("runs no more threads than cores: --jobs 64 on 2 cores runs 2; --jobs 2 on 8 cores runs 2", () => {
    expect(workerThreads(64, 2)).toBe(2);
    expect(workerThreads(3, 2)).toBe(2);
    expect(workerThreads(2, 2)).toBe(2);
    expect(workerThreads(2, 8)).toBe(2);
  });

  it("runs one thread on one core, so --jobs still takes the worker path", () => {
    expect(workerThreads(4, 1)).toBe(1);
  });
});

describe("parseJobs", () => {
  it("defaults to 1 (the single-threaded path) when absent", () => {
    expect(parseJobs(undefined)).toEqual({ ok: true, jobs: 1 });
  });

  it("takes 1 and MAX_JOBS (64), the bounds, and the numbers between", () => {
    expect(MAX_JOBS).toBe(64);
    for (const jobs of [1, 2, 3, 63, 64]) expect(parseJobs(String(jobs))).toEqual({ ok: true, jobs });
    expect(parseJobs("02")).toEqual({ ok: true, jobs: 2 });
  });

  it("refuses 0 and 65, the next values past the bounds, naming --jobs and what is valid", () => {
    for (const text of ["0", "65"]) {
      expect(parseJobs(text)).toEqual({
        ok: false,
        reason: `--jobs: expected a whole number of threads from 1 to 64, got "${text}"`,
      });
    }
  });

  it("refuses what is not a whole number in decimal digits", () => {
    for (const text of [
      "",
      " 2",
      "2 ",
      "-1",
      "+2",
      "1.5",
      "2e1",
      "0x2",
      "two",
      "Infinity",
      "1000",
      "99999999999999999999",
    ]) {
      expect(parseJobs(text)).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/^--jobs: expected a whole number/),
      });
    }
  });

  it("quotes a refused value printably and briefly", () => {
    const refused = parseJobs(`\u001b[2J${"9".repeat(100)}`);
    expect(refused.ok).toBe(false);
    if (!refused.ok)
      expect(refused.reason).toBe(
        '--jobs: expected a whole number of threads from 1 to 64, got "\\u001b[2J9999999999999999"',
      );
  });
});
