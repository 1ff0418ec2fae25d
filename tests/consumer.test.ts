/**
 * The package as a user gets it: `npm pack`, installed with `--ignore-scripts` (no build on
 * install) into a fresh TypeScript stack, offline from the npm cache. Then the user's program
 * type-checks under every module resolution (and a misspelt field does not), runs under the
 * exported mocks, and every `bin` answers `--help`.
 */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { consumerLockfile, type Manifest } from "./consumer-lockfile";

const root = join(__dirname, "..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as Manifest & {
  devDependencies: Record<string, string>;
};
const dir = mkdtempSync(join(tmpdir(), "consumer-stack-"));
let packed: { filename: string; integrity: string; size: number; files: { path: string }[] };

function run(cmd: string, args: string[]): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd: dir, encoding: "utf8", timeout: 240_000 });
}
function ok(cmd: string, args: string[]): string {
  const r = run(cmd, args);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}
const tsc = (mode: string, module: string, files: string[], emit = false) =>
  run(join(dir, "node_modules", ".bin", "tsc"), [
    ...["--strict", "--skipLibCheck", "--types", "node", "--target", "ES2022"],
    ...["--module", module, "--moduleResolution", mode],
    ...(emit ? ["--outDir", "out"] : ["--noEmit"]),
    ...files,
  ]);

beforeAll(() => {
  if (!existsSync(join(root, "dist", "components", "index.js")))
    throw new Error("dist/ is missing: npm test builds it first (npm run build)");
  // --ignore-scripts: pack the dist/ that `npm test` built, without rebuilding it under the other tests.
  packed = JSON.parse(ok("npm", ["pack", root, "--ignore-scripts", "--json", "--silent"]))[0];
  const dev = pkg.devDependencies;
  const consumer: Manifest = {
    name: "consumer-stack",
    dependencies: {
      "@pulumi/pulumi": dev["@pulumi/pulumi"],
      "@pulumi/cloudflare": dev["@pulumi/cloudflare"],
      "@pulumi/random": dev["@pulumi/random"],
      [pkg.name]: `file:${packed.filename}`,
    },
    devDependencies: { typescript: dev.typescript, "@types/node": dev["@types/node"] },
  };
  writeFileSync(join(dir, "package.json"), JSON.stringify({ ...consumer, private: true }, null, 2));
  const repoLock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8"));
  writeFileSync(join(dir, "package-lock.json"), JSON.stringify(consumerLockfile(repoLock, consumer, pkg, packed)));
  cpSync(join(__dirname, "fixtures", "consumer"), dir, { recursive: true });
  ok("npm", ["ci", "--offline", "--ignore-scripts", "--no-audit", "--no-fund"]);
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the package a user installs", () => {
  it("holds the built dist/, the plugin and policy manifests and the licence; no sources, tests, bench or sandbox", () => {
    const files = packed.files.map((f) => f.path);
    for (const f of [
      "dist/components/index.js",
      "dist/components/index.d.ts",
      "dist/components/normaliser/index.d.ts",
      "dist/components/testing/mocks.js",
      "dist/provider/index.js",
      "dist/policy/index.js",
      "PulumiPlugin.yaml",
      "policy/PulumiPolicy.yaml",
      "LICENSE",
      "CHANGELOG.md",
      "README.md",
      "package.json",
    ])
      expect(files).toContain(f);
    expect(files.filter((f) => /^(bench|tests|components|dist\/bench|dist\/tests)\//.test(f))).toEqual([]);
    // Of the sandbox, only the key masking that verify prints destinations with, and the filter evaluation
    // the stack program's overlap check (zone jobs beside an account job) reads filters with.
    expect(files.filter((f) => f.startsWith("dist/components/sandbox/"))).toEqual([
      "dist/components/sandbox/destination.d.ts",
      "dist/components/sandbox/destination.js",
      "dist/components/sandbox/filter-eval.d.ts",
      "dist/components/sandbox/filter-eval.js",
    ]);
    // The policy pack's manifest points at its compiled entry, which is in the tarball.
    const policy = JSON.parse(readFileSync(join(root, "policy", "package.json"), "utf8")) as { main: string };
    expect(files).toContain(join("policy", policy.main));
    expect(files.filter((f) => f.endsWith(".map") || (f.endsWith(".ts") && !f.endsWith(".d.ts")))).toEqual([]);
  });

  it.each([
    ["node10", "commonjs"],
    ["node16", "node16"],
    ["nodenext", "nodenext"],
    ["bundler", "esnext"],
  ])(
    "a program with typed arguments, the normaliser and the mocks type-checks under moduleResolution %s",
    (mode, module) => {
      const r = tsc(mode, module, ["index.ts", "run.ts"]);
      expect(r.stdout + r.stderr).toBe("");
      expect(r.status).toBe(0);
    },
  );

  it("tsc refuses a misspelt field, a lower-case region and an unknown timestamp format", () => {
    const r = tsc("node10", "commonjs", ["misspelt.ts"]);
    expect(r.status).not.toBe(0);
    expect(r.stdout).toMatch(/'"Actoin"' is not assignable[\s\S]*Did you mean '"Action"'/);
    expect(r.stdout).toMatch(/'"fra2"' is not assignable/);
    expect(r.stdout).toMatch(/'"iso8601"' is not assignable/);
  });

  it("the program runs under Pulumi's mocks through the exported test helper", () => {
    ok(join(dir, "node_modules", ".bin", "tsc"), [
      ...["--strict", "--skipLibCheck", "--types", "node", "--target", "ES2022", "--module", "commonjs"],
      ...["--moduleResolution", "node10", "--outDir", "out", "index.ts", "run.ts"],
    ]);
    const result = JSON.parse(ok(process.execPath, ["out/run.js"]));
    expect(result).toMatchObject({ jobId: "101", destinationSecret: true, sample: "event" });
    expect(result.job.outputOptions).toMatchObject({ timestampFormat: "unixnano", outputType: "ndjson" });
    expect(result.job.outputOptions.fieldNames).toHaveLength(30);
  });

  it.each(Object.keys(pkg.bin ?? {}))("bin %s answers --help and exits 0", (name) => {
    const r = run(join(dir, "node_modules", ".bin", name), ["--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout + r.stderr).toMatch(/usage/i);
  });
});
