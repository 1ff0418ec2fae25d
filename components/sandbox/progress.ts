/**
 * The progress line of long runs, on standard error: silent for the first
 * second (short runs stay quiet), then rewritten in place on a terminal, or
 * printed every few seconds to a file or pipe.
 */
import type { Writable } from "node:stream";

/** A progress line: `update` as often as you like, `clear` before other output, `done` at the end. */
export interface ProgressLine {
  update(text: string): void;
  clear(): void;
  done(): void;
}

/** A throttled progress line on `stream` (default standard error). */
export function progressLine(
  stream: Writable & { isTTY?: boolean } = process.stderr,
  now: () => number = Date.now,
): ProgressLine {
  const started = now();
  const tty = stream.isTTY === true;
  const every = tty ? 200 : 5000;
  let last = 0;
  let shown = false;
  let latest = "";
  const write = () => {
    stream.write(tty ? `\r\x1b[2K${latest}` : `${latest}\n`);
    shown = tty;
  };
  return {
    update(text) {
      latest = text;
      const t = now();
      if (t - started < 1000 || t - last < every) return;
      last = t;
      write();
    },
    clear() {
      if (shown) stream.write("\r\x1b[2K");
      shown = false;
    },
    done() {
      // The last figures are shown once, if the line was ever shown.
      if (last > 0) write();
      if (tty && last > 0) stream.write("\n");
      shown = false;
    },
  };
}
