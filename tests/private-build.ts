/**
 * A private build of the package's sources for tests that run the compiled
 * CLIs as users do: built as `npm run build` builds dist/, into a directory of
 * the test's own, so that other tests building dist/ at the same time cannot
 * hand it a half-written file. It sits under node_modules so that the compiled
 * code resolves its packages as from dist/.
 */
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..");

/** Long enough for tsc on a loaded machine. */
export const BUILD_TIMEOUT_MS = 120_000;

/**
 * Builds the sources into a directory named for `name` and this process; throws when a file the test needs is missing.
 * Type errors elsewhere in the project must not hide these tests: only the files are checked (`npm test`'s
 * `tsc --noEmit` reports type errors).
 * @param name the test's name for its directory
 * @param needed paths inside the build that must exist (e.g. "components/normaliser/cli.js")
 * @returns the build's directory
 */
export function privateBuild(name: string, needed: readonly string[]): string {
  const dir = join(ROOT, "node_modules", ".cache", `${name}-${process.pid}`);
  spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json", "--outDir", dir], {
    cwd: ROOT,
  });
  for (const file of needed) {
    if (!existsSync(join(dir, file))) throw new Error(`the build did not produce ${join(dir, file)}`);
  }
  return dir;
}

/**
 * Removes a private build.
 * @param dir what `privateBuild` returned
 */
export function removeBuild(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
