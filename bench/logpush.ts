/**
 * The stack program for many zones under Pulumi's mocks, against a bare
 * hand-written program in the same run. Each figure is the median of cold runs.
 */
import { execFileSync } from "child_process";
import * as path from "path";

interface Run {
  mode: string;
  zones: number;
  ms: number;
  lookups: number;
  resources: number;
}

const RUNS = 3;

function measure(mode: "component" | "bare", zones: number): Run {
  const runs = Array.from({ length: RUNS }, () => {
    const out = execFileSync(process.execPath, [path.join(__dirname, "program-run.js"), mode, String(zones)], {
      encoding: "utf8",
    });
    return JSON.parse(out.trim().split("\n").pop()!) as Run;
  });
  runs.sort((a, b) => a.ms - b.ms);
  return runs[Math.floor(RUNS / 2)];
}

export async function benchStackProgram(): Promise<void> {
  console.log(`\n== stack program under mocks (median of ${RUNS} cold runs each)`);
  console.log("zones  program        ms   per zone  lookups  resources   ratio to bare");
  for (const zones of [50, 500]) {
    const bare = measure("bare", zones);
    const comp = measure("component", zones);
    for (const r of [bare, comp]) {
      const name = r.mode === "bare" ? "bare baseline" : "this package ";
      const ratio = r.mode === "bare" ? "1.00×" : `${(r.ms / bare.ms).toFixed(2)}× the time`;
      console.log(
        `${String(zones).padStart(5)}  ${name} ${r.ms.toFixed(0).padStart(6)} ${(r.ms / zones).toFixed(2).padStart(8)}ms ${String(r.lookups).padStart(8)} ${String(r.resources).padStart(10)}   ${ratio}`,
      );
    }
  }
}
