/**
 * The whole local pipeline (generator → emulator → gzip HTTP → intake →
 * normaliser → ECS file), in events per second, against its fair floor: the
 * same pipeline with the normaliser replaced by JSON.parse + JSON.stringify
 * (same gzip, same HTTP, same duplicate keys, same ECS file), alternating, median of several
 * rounds. For scale: the generator alone, the same batches posted over
 * loopback HTTP with no gzip and no JSON work, and the normaliser alone.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { normalise } from "../components/normaliser";
import { GUIDE_FIELDS } from "../components/fields";
import { recordLine } from "../components/sandbox/emulator";
import { generateRecords } from "../components/sandbox/generator";
import { runPipeline } from "../components/sandbox/pipeline";
import { median, ROUNDS, withSpread } from "./spread";

const EVENTS = 50_000;
const BATCH = 1_000;

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

function lines(n: number): string[] {
  return Array.from(generateRecords(n, { seed: 1 }), (r) => recordLine(r, GUIDE_FIELDS, "rfc3339"));
}

/** Posts plain NDJSON batches, one at a time, to a server that only counts lines. */
async function plainHttp(batches: string[]): Promise<number> {
  let received = 0;
  const server = http.createServer((req, res) => {
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      for (let i = chunk.indexOf("\n"); i !== -1; i = chunk.indexOf("\n", i + 1)) received++;
    });
    req.on("end", () => res.end("{}"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/plain/batch`;
  try {
    for (const body of batches) {
      await new Promise<void>((resolve, reject) => {
        const req = http.request(url, { method: "POST", agent }, (res) => res.resume().on("end", resolve));
        req.on("error", reject);
        req.end(body);
      });
    }
  } finally {
    agent.destroy();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
  return received;
}

/** Prints the figures; under a minute on a laptop. */
export async function benchSandbox(): Promise<void> {
  console.log(`\n== local pipeline: ${EVENTS} generated events, the guide's 28 fields, rfc3339, batches of ${BATCH}`);
  const dir = mkdtempSync(join(tmpdir(), "bench-sandbox-"));
  const args = { zoneId: "023e105f4ecef8ad9ca31a8372d0c353" };
  try {
    // Warm-up: JIT, the normaliser's user-agent cache, sockets.
    await runPipeline({ args, records: generateRecords(2_000, { seed: 2 }), ecsFile: join(dir, "warm.ndjson") });

    let t = process.hrtime.bigint();
    const all = lines(EVENTS);
    const generator = seconds(t);

    const batches: string[] = [];
    for (let i = 0; i < all.length; i += BATCH) batches.push(all.slice(i, i + BATCH).join("\n") + "\n");
    t = process.hrtime.bigint();
    const posted = await plainHttp(batches);
    const plain = seconds(t);
    if (posted !== EVENTS) throw new Error(`plain HTTP baseline received ${posted} of ${EVENTS} events`);

    t = process.hrtime.bigint();
    let normalised = 0;
    for (const line of all) if (normalise(line, { original: line }).kind === "event") normalised++;
    const normaliser = seconds(t);

    // The pipeline and its floor, alternating.
    const pipelineSeconds: number[] = [];
    const ratios: number[] = [];
    // Everything runs in this process, so its CPU time is the pipeline's: steadier than wall clock on a busy machine.
    const cpuRatios: number[] = [];
    const cpuSeconds = (since: NodeJS.CpuUsage) => {
      const used = process.cpuUsage(since);
      return (used.user + used.system) / 1e6;
    };
    let run: Awaited<ReturnType<typeof runPipeline>> | undefined;
    for (let round = 0; round < ROUNDS; round++) {
      t = process.hrtime.bigint();
      let cpu = process.cpuUsage();
      run = await runPipeline({
        args,
        records: generateRecords(EVENTS, { seed: 1 }),
        ecsFile: join(dir, "ecs.ndjson"),
      });
      const whole = seconds(t);
      const wholeCpu = cpuSeconds(cpu);
      if (run.intake.normalised !== EVENTS || normalised !== EVENTS)
        throw new Error(`the pipeline normalised ${run.intake.normalised} of ${EVENTS} events`);
      t = process.hrtime.bigint();
      cpu = process.cpuUsage();
      await runPipeline({
        args,
        records: generateRecords(EVENTS, { seed: 1 }),
        ecsFile: join(dir, "floor.ndjson"),
        intake: {
          serialise: (line) => {
            const record = JSON.parse(line) as { RayID?: unknown };
            return { text: JSON.stringify(record), rayId: record.RayID };
          },
        },
      });
      ratios.push(seconds(t) / whole);
      cpuRatios.push(cpuSeconds(cpu) / wholeCpu);
      pipelineSeconds.push(whole);
      rmSync(join(dir, "ecs.ndjson"), { force: true });
      rmSync(join(dir, "floor.ndjson"), { force: true });
    }
    const pipeline = median(pipelineSeconds);

    const rate = (s: number) =>
      `${Math.round(EVENTS / s)
        .toLocaleString("en-US")
        .padStart(10)} events/s`;
    const row = (name: string, s: number, note = "") =>
      console.log(`${name.padEnd(52)} ${s.toFixed(2).padStart(7)} s ${rate(s)}   ${note}`);
    row("generator alone (records → NDJSON lines)", generator);
    row("baseline: plain NDJSON over loopback HTTP, no gzip", plain);
    row("normaliser alone (lines → ECS)", normaliser);
    row("whole pipeline (generator → … → ECS file), median", pipeline);
    console.log(
      `  whole pipeline ÷ the same pipeline with JSON.parse + JSON.stringify for the normaliser: wall clock ${withSpread(ratios)}, CPU time ${withSpread(cpuRatios)}`,
    );
    console.log(
      `  gzip: ${(run!.report.bytes.ndjson / 1e6).toFixed(1)} MB NDJSON sent as ${(run!.report.bytes.gzip / 1e6).toFixed(1)} MB; normalise() alone would take ${Math.round((100 * normaliser) / pipeline)}% of the pipeline's time`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchSandbox().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
