/**
 * The CLI's floor: the same streaming machinery as `npm run normalise` (file,
 * gunzip when needed, lines, blocked output) doing only JSON.parse +
 * JSON.stringify per line. Run by bench/normaliser.ts beside the CLI, so the
 * ratio compares like with like: `node dist/bench/normaliser-floor.js FILE`.
 */
import { createReadStream } from "node:fs";
import { decodedChunks, LineSplitter, TOO_LONG } from "../components/normaliser/lines";
import { BlockOutput } from "../components/normaliser/output";

async function main(file: string): Promise<void> {
  const output = new BlockOutput(process.stdout);
  let lines = 0;
  const splitter = new LineSplitter((line) => {
    lines++;
    if (line !== TOO_LONG && line !== "") output.line(JSON.stringify(JSON.parse(line)));
  });
  for await (const chunk of decodedChunks(createReadStream(file))) {
    splitter.push(chunk);
    await output.flush();
  }
  splitter.end();
  await output.flush();
  process.stderr.write(`${lines} lines, peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB\n`);
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
