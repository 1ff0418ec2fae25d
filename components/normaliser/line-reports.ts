/**
 * The CLI's line reports on standard error: `line N: reason`, prefixed by the
 * file when there are several, and warnings up to a cap for the whole run.
 */
import type { Writable } from "node:stream";
import { oneLine } from "../messages";

/** At most this many warning lines are printed; the summary counts them all. */
export const MAX_WARNING_LINES = 100;

/** The run's warning count, shared by its inputs. */
export interface WarningCount {
  warnings: number;
}

/** Prints one input's line reports. */
export class LineReports {
  /**
   * @param stderr where reports go
   * @param where the input's prefix (`FILE: `), or "" for a single input
   * @param count the run's warnings, counted here and capped for the whole run
   */
  constructor(
    private readonly stderr: Writable,
    private readonly where: string,
    private readonly count: WarningCount,
  ) {}

  /**
   * A line that failed.
   * @param lineNo the line's number in its input
   * @param reason why
   */
  error(lineNo: number, reason: string): void {
    // A reason may quote the line (a field's value): one printable line of bounded length.
    this.stderr.write(`${oneLine(`${this.where}line ${lineNo}: ${reason}`)}\n`);
  }

  /**
   * A warning: printed while under the cap, counted always.
   * @param lineNo the line's number in its input
   * @param warning what and why
   */
  warning(lineNo: number, warning: string): void {
    this.count.warnings++;
    if (this.count.warnings <= MAX_WARNING_LINES) this.error(lineNo, `warning: ${warning}`);
    else if (this.count.warnings === MAX_WARNING_LINES + 1)
      this.stderr.write(`(further warnings are counted, not shown)\n`);
  }
}
