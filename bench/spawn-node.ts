/**
 * Node.js scripts started for a memory figure. On Linux a child's peak RSS
 * counts the memory of the process it was started from, so a script started
 * straight from the bench process reports the bench's size (measured: 600 MB
 * against 39 MB for the same script). A shell in between forks it from its own
 * small image; `; exit $?` keeps the shell from replacing itself with it.
 */

/** The program to spawn: `spawn(SHELL, throughShell(args), options)`. */
export const SHELL = "sh";

/**
 * The shell's arguments that run `node ...args`, its exit status the script's.
 * @param args node's arguments (options, the script, its arguments)
 */
export function throughShell(args: readonly string[]): string[] {
  return ["-c", '"$0" "$@"; exit $?', process.execPath, ...args];
}
