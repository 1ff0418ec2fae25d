/**
 * `npm run --silent adopt -- <zoneId> <jobId> [componentName] > adopt.json`
 * then `pulumi import --file adopt.json --protect=false --generate-code=false` and `pulumi up`.
 */
import { adoptionImportFile } from "./adopt";

const [zoneId, jobId, name] = process.argv.slice(2);
if (!zoneId || !jobId || zoneId === "--help") {
  process.stderr.write("usage: npm run --silent adopt -- <zoneId> <jobId> [componentName] > adopt.json\n");
  process.exit(zoneId === "--help" ? 0 : 2);
}
try {
  process.stdout.write(`${JSON.stringify(adoptionImportFile(zoneId, jobId, name), null, 2)}\n`);
} catch (e) {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(2);
}
