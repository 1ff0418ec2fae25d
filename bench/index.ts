/**
 * `npm run bench`: performance figures, each against a baseline measured in
 * the same run. Not a test: nothing here passes or fails on time.
 *
 * `BENCH_ONLY=normaliser,sandbox` runs only the named sections (of
 * program, normaliser, sandbox, intake-memory); the default is all of them.
 */
import * as os from "os";
import { benchIntakeMemory } from "./intake-memory";
import { benchStackProgram } from "./logpush";
import { benchNormaliser } from "./normaliser";
import { benchSandbox } from "./sandbox";

/** The sections, in the order they run. */
const SECTIONS: Record<string, () => Promise<void>> = {
  program: benchStackProgram,
  normaliser: benchNormaliser,
  sandbox: benchSandbox,
  "intake-memory": benchIntakeMemory,
};

/**
 * The sections to run, from `BENCH_ONLY` (comma-separated names); all when unset.
 * @param only the variable's value
 */
export function selectedSections(only: string | undefined): string[] {
  if (only === undefined || only.trim() === "") return Object.keys(SECTIONS);
  const names = only.split(",").map((name) => name.trim());
  const unknown = names.filter((name) => !(name in SECTIONS));
  if (unknown.length > 0)
    throw new Error(`BENCH_ONLY: unknown section ${unknown.join(", ")}; valid: ${Object.keys(SECTIONS).join(", ")}`);
  return Object.keys(SECTIONS).filter((name) => names.includes(name));
}

async function main(): Promise<void> {
  const sections = selectedSections(process.env.BENCH_ONLY);
  console.log(`node ${process.version}, ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? "unknown CPU"}`);
  for (const name of sections) await SECTIONS[name]();
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
