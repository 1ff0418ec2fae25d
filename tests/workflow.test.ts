import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";

// The users' CI: what must hold for it to preview safely and deploy only on approval.
interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  if?: string;
  needs?: string | string[];
  permissions?: Record<string, string>;
  environment?: string;
  env?: Record<string, string>;
  strategy?: { matrix?: { stack?: string } };
  steps: Step[];
}
const wf = yaml.load(fs.readFileSync(path.join(__dirname, "..", ".github", "workflows", "preview.yml"), "utf8")) as {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  env?: Record<string, string>;
  jobs: Record<string, Job>;
};
const pulumiStep = (job: Job) => job.steps.find((s) => s.uses?.startsWith("pulumi/actions@"))!;
const runs = (job: Job) => job.steps.map((s) => s.run).filter(Boolean);

describe(".github/workflows/preview.yml", () => {
  it("runs on pull requests, on pushes to main, and on a schedule (verify)", () => {
    expect(Object.keys(wf.on).sort()).toEqual(["pull_request", "push", "schedule"]);
    expect(wf.on.schedule).toEqual([{ cron: "17 */6 * * *" }]);
  });

  it("grants only read access by default", () => {
    expect(wf.permissions).toEqual({ contents: "read" });
  });

  it("gives the backend, passphrase and Cloudflare token only to the stack jobs, from their environment's secrets", () => {
    expect(wf.env).toBeUndefined();
    expect(wf.jobs.test.env).toBeUndefined(); // the PR's code and packages run there
    for (const job of [wf.jobs.preview, wf.jobs.up]) {
      for (const key of ["PULUMI_BACKEND_URL", "PULUMI_CONFIG_PASSPHRASE", "CLOUDFLARE_API_TOKEN"]) {
        expect(job.env?.[key]).toBe(`\${{ secrets.${key} }}`);
      }
    }
    expect(wf.jobs.preview.environment).toBe("preview");
    expect(wf.jobs.up.environment).toBe("production");
  });

  it("tests with npm ci and npm test before anything touches a stack", () => {
    expect(runs(wf.jobs.test)).toEqual(["npm ci", "npm test"]);
    expect(wf.jobs.preview.needs).toBe("test");
    expect(wf.jobs.up.needs).toBe("test");
  });

  it("previews each per-zone stack on pull requests, commenting on the PR with the permission it needs", () => {
    const job = wf.jobs.preview;
    expect(job.if).toBe("github.event_name == 'pull_request' && vars.PULUMI_STACKS != ''");
    expect(job.permissions).toEqual({ contents: "read", "pull-requests": "write" });
    expect(job.strategy?.matrix?.stack).toBe("${{ fromJSON(vars.PULUMI_STACKS) }}");
    expect(runs(job)).toContain("npm ci"); // pulumi/actions does not install dependencies
    expect(pulumiStep(job).uses).toBe("pulumi/actions@v6");
    expect(pulumiStep(job).with).toMatchObject({
      command: "preview",
      "stack-name": "${{ matrix.stack }}",
      "comment-on-pr": true,
    });
  });

  it("runs pulumi up only on main, behind an environment approval, one stack at a time", () => {
    const job = wf.jobs.up;
    expect(job.if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/main' && vars.PULUMI_STACKS != ''");
    expect(job.strategy?.matrix?.stack).toBe("${{ fromJSON(vars.PULUMI_STACKS) }}");
    expect(job.environment).toBe("production");
    expect(job.permissions).toBeUndefined(); // inherits contents: read
    expect(runs(job)).toContain("npm ci");
    expect(pulumiStep(job).with).toMatchObject({ command: "up", "stack-name": "${{ matrix.stack }}" });
    expect((job.strategy as { "max-parallel"?: number })["max-parallel"]).toBe(1);
  });

  it("verifies each stack's live job on the schedule, failing the run on drift or bad health", () => {
    const job = wf.jobs.verify;
    expect(job.if).toBe("github.event_name == 'schedule' && vars.PULUMI_STACKS != ''");
    expect(job.needs).toBe("test");
    expect(job.environment).toBe("verify");
    expect(job.permissions).toBeUndefined(); // inherits contents: read
    // Only the Cloudflare token: no backend, no passphrase, so it cannot decrypt or change a stack.
    expect(job.env).toEqual({ CLOUDFLARE_API_TOKEN: "${{ secrets.CLOUDFLARE_API_TOKEN }}" });
    expect(job.strategy?.matrix?.stack).toBe("${{ fromJSON(vars.PULUMI_STACKS) }}");
    expect(runs(job)).toEqual(["npm ci", "npm run --silent verify -- --stack-file Pulumi.${{ matrix.stack }}.yaml"]);
    expect(job.steps.some((s) => s.uses?.startsWith("pulumi/actions@"))).toBe(false);
  });

  it("the preview and up jobs do not run on the schedule", () => {
    for (const job of [wf.jobs.preview, wf.jobs.up]) expect(job.if).not.toMatch(/schedule/);
  });
});
