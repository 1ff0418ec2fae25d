/**
 * `npm run bench`: performance figures, each against a baseline measured in
 * the same run. Not a test: nothing here passes or fails on time.
 */
import * as os from "os";
import { benchIntakeMemory } from "./intake-memory";
import { benchStackProgram } from "./logpush";
import { benchNormaliser } from "./normaliser";
import { benchSandbox } from "./sandbox";

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? "unknown CPU"}`);
  await benchStackProgram();
  await benchNormaliser();
  await benchSandbox();
  await benchIntakeMemory();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
