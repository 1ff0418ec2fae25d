import * as pulumi from "@pulumi/pulumi";
import { LOGPUSH_JOB, installMocks, valueOf } from "../components/testing/mocks";

// A user copied the program into a project of their own name (Pulumi.yaml `name: my-waf`):
// `pulumi config set zoneId …` then writes `my-waf:zoneId`, and that is what the program must read.
const mocks = installMocks("prod", "my-waf");
const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";
const KEY = "QH6RXx8kmVq0GjHwVyUnJzY4cs2pdLoAT";

function run(config: Record<string, string>, secretKeys: string[]) {
  mocks.resources.length = 0;
  pulumi.runtime.setAllConfig(config, secretKeys);
  let program: typeof import("../index") | undefined;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    program = require("../index");
  });
  return program!;
}

describe("the stack program in a renamed project", () => {
  it("reads its config under the project's own name", async () => {
    const program = run({ "my-waf:zoneId": ZONE, "my-waf:intakeKey": KEY, "my-waf:region": "USA1" }, [
      "my-waf:intakeKey",
    ]);
    expect(await valueOf(program.jobId!)).toBe("101");
    expect(mocks.byType(LOGPUSH_JOB)[0].inputs.destinationConf).toMatch(/^https:\/\/intake\.usa1\.sekoia\.io\//);
  });

  it("names that namespace when something is missing, and does not read this repository's", () => {
    expect(() =>
      run({ "cloudflare-sekoia-logpush:zoneId": ZONE, "cloudflare-sekoia-logpush:intakeKey": KEY }, [
        "cloudflare-sekoia-logpush:intakeKey",
      ]),
    ).toThrow(
      /stack config \(my-waf:…\)[\s\S]*set one of intakeKey .* and sekoiaApiKey [\s\S]*pulumi config set --secret intakeKey/,
    );
  });
});
