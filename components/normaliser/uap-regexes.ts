/**
 * uap-core's regexes, as the user-agent parser needs them. uap-core ships them
 * as YAML, which js-yaml takes tens of milliseconds to parse at every start;
 * `npm run build` (so `npm ci` too, through `prepare`) writes the same data as
 * JSON beside the compiled code, which loads in about a millisecond.
 *
 * Generated at build time rather than committed: uap-core is a caret
 * dependency, so a committed copy could drift from the installed regexes. The
 * JSON records the uap-core version it came from, and is used only when that is
 * the installed version; otherwise (and when running from the TypeScript
 * sources, as the tests do) the YAML is parsed as before.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The JSON file `npm run build` writes beside this module. */
export const BUILT_REGEXES = join(__dirname, "uap-regexes.json");

interface BuiltRegexes {
  /** The uap-core version the regexes come from. */
  readonly version: string;
  readonly regexes: unknown;
}

function installedVersion(): string {
  return (JSON.parse(readFileSync(require.resolve("uap-core/package.json"), "utf8")) as { version: string }).version;
}

/** uap-core's regexes.yaml, parsed. */
export function regexesFromYaml(): unknown {
  // Required here, not at the top: loading js-yaml is a tenth of the CLI's start when the JSON is used.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { load } = require("js-yaml") as typeof import("js-yaml");
  return load(readFileSync(require.resolve("uap-core/regexes.yaml"), "utf8"));
}

/**
 * The regexes: from the built JSON when it matches the installed uap-core, else from the YAML.
 * @param built the JSON file to try first
 */
export function loadUapRegexes(built: string = BUILT_REGEXES): unknown {
  if (existsSync(built)) {
    const data = JSON.parse(readFileSync(built, "utf8")) as BuiltRegexes;
    if (data.version === installedVersion()) return data.regexes;
  }
  return regexesFromYaml();
}

/**
 * Writes the installed uap-core's regexes as JSON.
 * @param path where to write (the build's BUILT_REGEXES by default)
 */
export function writeUapRegexes(path: string = BUILT_REGEXES): void {
  const data: BuiltRegexes = { version: installedVersion(), regexes: regexesFromYaml() };
  writeFileSync(path, JSON.stringify(data));
}

if (require.main === module) writeUapRegexes();
