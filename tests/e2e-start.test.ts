/** The compiled `npm start`, as a fresh clone runs it: builds, runs, ends by itself. */
import { execFile, execFileSync } from "node:child_process";
import { join } from "node:path";

const ROOT = join(__dirname, "..");

beforeAll(() => {
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json"], {
    cwd: ROOT,
    stdio: "pipe",
  });
}, 60_000);

it("npm start sends, accepts and normalises every event, then exits 0 with no server left running", async () => {
  const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
    // The timeout is a guard: a server left listening would keep the process alive until it fires.
    execFile(
      process.execPath,
      ["dist/components/sandbox/start.js", "--events", "2000"],
      { cwd: ROOT, timeout: 25_000 },
      (error, stdout) => resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout }),
    );
  });
  expect(code).toBe(0);
  expect(stdout).toMatch(/Sent 2000 events in 2 batches/);
  expect(stdout).toMatch(/accepted 2000 events/);
  expect(stdout).toMatch(/made 2000 ECS events/);
  // …and its verify pass (the local Cloudflare API closed with the rest, or the process would not end).
  expect(stdout).toMatch(/^OK\s+zone [0-9a-f]{32}\s+job 1 /m);
  expect(stdout).toMatch(/: all well\.$/m);
}, 30_000);

it("npm start -- --account: the account job over several zones, every event sent, accepted and normalised, exit 0", async () => {
  const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
    execFile(
      process.execPath,
      ["dist/components/sandbox/start.js", "--account", "--events", "2000"],
      { cwd: ROOT, timeout: 25_000 },
      (error, stdout) => resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout }),
    );
  });
  expect(code).toBe(0);
  expect(stdout).toMatch(/one account-scoped job for every zone of account/);
  expect(stdout).toMatch(/Sent 2000 events in 2 batches/);
  expect(stdout).toMatch(/accepted 2000 events/);
  expect(stdout).toMatch(/made 2000 ECS events/);
  expect(stdout).toMatch(/Per zone \(ZoneName → cloudflare\.ZoneName\): (\S+ \d+, ){3}\S+ \d+\./);
}, 30_000);
