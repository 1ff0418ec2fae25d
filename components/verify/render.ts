/**
 * The verify report for people (one line per job, colour only on a terminal)
 * and for monitoring (JSON). Neither ever contains an intake key: the report
 * holds only masked keys.
 */
import type { Drift } from "./drift";
import type { JobReport, VerifyReport } from "./verify";

/** ANSI colours, applied only when asked (a terminal, and NO_COLOR unset). */
const COLOURS = { red: "\u001b[31m", green: "\u001b[32m", yellow: "\u001b[33m", reset: "\u001b[0m" } as const;
type Colour = keyof Omit<typeof COLOURS, "reset">;

/** The status word of each kind of line, and its colour. */
const STATUS: ReadonlyArray<{ when: (j: JobReport) => boolean; word: string; colour: Colour }> = [
  { when: (j) => j.role === "missing", word: "MISSING", colour: "red" },
  { when: (j) => j.role === "double-ingestion" && !j.ok, word: "DOUBLE", colour: "red" },
  { when: (j) => j.role !== "managed", word: "OTHER", colour: "yellow" },
  { when: (j) => !j.ok, word: "PROBLEM", colour: "red" },
  { when: (j) => j.health.length > 0, word: "OK*", colour: "yellow" },
  { when: () => true, word: "OK", colour: "green" },
];

const WIDTH = Math.max(...STATUS.map((s) => s.word.length));

function describeDrift(d: Drift): string {
  return `${d.setting} ${d.declared} → ${d.live}`;
}

/**
 * One line for one job.
 * @param job the job's report
 * @param colour whether to colour the status word
 */
export function renderJobLine(job: JobReport, colour: boolean): string {
  const status = STATUS.find((s) => s.when(job))!;
  const word = status.word.padEnd(WIDTH);
  const parts: string[] = [
    colour ? `${COLOURS[status.colour]}${word}${COLOURS.reset}` : word,
    `${job.scope.kind} ${job.scope.id}`,
  ];
  if (job.jobId !== undefined) parts.push(`job ${job.jobId}${job.name ? ` "${job.name}"` : ""}`);
  const details: string[] = [];
  if (job.message) details.push(job.message);
  if (job.drift.length > 0) details.push(`drift: ${job.drift.map(describeDrift).join("; ")}`);
  details.push(...job.health.map((h) => (h.severity === "problem" ? h.message : `note: ${h.message}`)));
  if (job.role === "managed" && job.destination) {
    details.push(`${job.destination.region ?? job.destination.endpoint}, key ${job.destination.key}`);
    if (job.lastComplete) details.push(`last push ${job.lastComplete}`);
  }
  return `${parts.join("  ")}  ${details.join(" | ")}`.trimEnd();
}

/**
 * The report for people: one line per job, then a summary.
 * @param report the report
 * @param colour whether to colour (a terminal, and NO_COLOR unset)
 */
export function renderHuman(report: VerifyReport, colour: boolean): string {
  const lines = report.jobs.map((j) => renderJobLine(j, colour));
  const problems = report.jobs.filter((j) => !j.ok).length;
  const managed = report.jobs.filter((j) => j.role === "managed" || j.role === "missing").length;
  lines.push(
    problems === 0
      ? `${managed} declared job${managed === 1 ? "" : "s"} checked at ${report.checkedAt}: all well.`
      : `${managed} declared job${managed === 1 ? "" : "s"} checked at ${report.checkedAt}: ${problems} problem${problems === 1 ? "" : "s"}. What to do: README, "Is it working?".`,
  );
  return lines.join("\n") + "\n";
}

/**
 * The report for monitoring: the same facts as JSON, keys masked.
 * @param report the report
 */
export function renderJson(report: VerifyReport): string {
  return JSON.stringify(report, null, 2) + "\n";
}
