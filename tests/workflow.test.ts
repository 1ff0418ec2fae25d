import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";

// The users' CI: what must hold for it to preview safely and deploy only on approval.
interface Step {
  uses?: string;
  run?: string;
  env?: Record<string, string>;
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
const text = fs.readFileSync(path.join(__dirname, "..", ".github", "workflows", "preview.yml"), "utf8");
const wf = yaml.load(text) as {
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

  it("never runs with secrets on pull_request_target (a fork's code with the base repository's secrets)", () => {
    expect(Object.keys(wf.on)).not.toContain("pull_request_target");
  });

  it("gives no secret to the test job, which runs the pull request's code and packages", () => {
    expect(JSON.stringify(wf.jobs.test)).not.toMatch(/secrets\./);
    expect(wf.env).toBeUndefined();
  });

  it("gives secrets to the one step that needs them (never job-wide, never npm ci), from an environment", () => {
    for (const [name, job] of Object.entries(wf.jobs)) {
      const withSecrets = job.steps.filter((s) => /secrets\.(?!GITHUB_TOKEN)/.test(JSON.stringify(s.env ?? {})));
      expect({ name, jobEnv: job.env }).toEqual({ name, jobEnv: undefined });
      if (withSecrets.length === 0) continue;
      expect({ name, steps: withSecrets.length, environment: typeof job.environment }).toEqual({
        name,
        steps: 1,
        environment: "string",
      });
      expect(withSecrets[0].run ?? "").not.toMatch(/npm (ci|install)/);
    }
    for (const job of [wf.jobs.preview, wf.jobs.up]) {
      for (const key of ["PULUMI_BACKEND_URL", "PULUMI_CONFIG_PASSPHRASE", "CLOUDFLARE_API_TOKEN"]) {
        expect(pulumiStep(job).env?.[key]).toBe(`\${{ secrets.${key} }}`);
      }
    }
    expect(wf.jobs.preview.environment).toBe("preview");
    expect(wf.jobs.up.environment).toBe("production");
  });

  it("says honestly that the preview runs the PR's program with the secrets, behind required reviewers, with a read-only token", () => {
    expect(text).toMatch(/preview\s+the pull request's program/);
    expect(text).toMatch(/"preview" environment MUST have required\s+#\s+reviewers/);
    expect(text).toMatch(
      /CLOUDFLARE_API_TOKEN\s+read-only, it cannot change anything: API Tokens Read[^\n]*\n#[^\n]*and nothing else/,
    );
    expect(text).not.toMatch(/never[^\n]*runs the PR's code/);
  });

  it("tests with npm ci and npm test before anything touches a stack", () => {
    expect(runs(wf.jobs.test)).toEqual(["npm ci", "npm test"]);
    expect(wf.jobs.preview.needs).toBe("test");
    expect(wf.jobs.up.needs).toBe("test");
  });

  it("previews each per-zone stack on pull requests, commenting on the PR with the permission it needs", () => {
    const job = wf.jobs.preview;
    expect(job.if).toBe(
      "github.event_name == 'pull_request' && vars.PULUMI_STACKS != '' && github.event.pull_request.head.repo.full_name == github.repository",
    );
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
    expect(job.env).toBeUndefined();
    expect(job.steps.at(-1)!.env).toEqual({ CLOUDFLARE_API_TOKEN: "${{ secrets.CLOUDFLARE_API_TOKEN }}" });
    expect(job.strategy?.matrix?.stack).toBe("${{ fromJSON(vars.PULUMI_STACKS) }}");
    expect(runs(job)).toEqual(["npm ci", "npm run --silent verify -- --stack-file Pulumi.${{ matrix.stack }}.yaml"]);
    expect(job.steps.some((s) => s.uses?.startsWith("pulumi/actions@"))).toBe(false);
  });

  it("the preview and up jobs do not run on the schedule", () => {
    for (const job of [wf.jobs.preview, wf.jobs.up]) expect(job.if).not.toMatch(/schedule/);
  });
});
