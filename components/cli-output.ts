/**
 * A CLI whose standard output fails (a full disk, a closed pipe) ends with
 * one line on standard error and a documented status, never with Node's
 * unhandled 'error' stack trace.
 */
import { errorText } from "./messages";

/**
 * Watches `stream` for write errors: a closed pipe (EPIPE, e.g. `| head`) is
 * the reader's choice and changes nothing; any other error is said in one
 * line and makes the exit status 1, whatever the CLI returns afterwards.
 *
 * @param name the CLI's name, starting the line
 * @param stream the output watched (standard output by default)
 */
export function endCleanlyOnOutputFailure(name: string, stream: NodeJS.WritableStream = process.stdout): void {
  let said = false;
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE" || said) return;
    said = true;
    process.stderr.write(`${name}: cannot write the output (${error.code ?? errorText(error, 200)})\n`);
    // Set at exit: the CLI's own status, set later, must not hide the failure.
    process.on("exit", () => {
      process.exitCode = 1;
    });
  });
}
