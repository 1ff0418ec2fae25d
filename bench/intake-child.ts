/**
 * The local intake alone in its own process, for the memory figures of
 * bench/intake-memory.ts: prints `{"origin", "rss"}` once listening, and
 * `{"maxRss"}` (peak resident memory, bytes) when its standard input ends.
 * Arguments: the most events per request, and the ECS file.
 */
import { startIntake } from "../components/sandbox/intake-server";

async function main(): Promise<void> {
  const [maxEvents, ecsFile] = process.argv.slice(2);
  const intake = await startIntake({
    intakeKey: "bench-intake-key-0000000000000000",
    maxEventsPerRequest: Number(maxEvents),
    ...(ecsFile !== undefined && { ecsFile }),
  });
  process.stdout.write(`${JSON.stringify({ origin: intake.origin, rss: process.memoryUsage().rss })}\n`);
  process.stdin.resume();
  process.stdin.on("end", () => {
    void intake.close().then(() => {
      process.stdout.write(
        `${JSON.stringify({ maxRss: process.resourceUsage().maxRSS * 1024, stats: intake.stats })}\n`,
      );
    });
  });
}

void main();
