/** Which project a stack file belongs to: the Pulumi.yaml beside it names the namespace its keys are read under. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvalidArgumentsError } from "../components";
import { PROJECT } from "../components/stack-config";
import { DEFAULT_PROJECT, projectOfStackFile, readStackFileOf } from "../components/stack-project";

const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";

/** A directory with these files; returns the stack file's path in it. */
function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "stack-project-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return join(dir, "Pulumi.prod.yaml");
}

describe("projectOfStackFile", () => {
  it.each(["Pulumi.yaml", "Pulumi.yml"])("reads the name of the %s beside the stack file", (projectFile) => {
    const path = dirWith({ [projectFile]: "name: my-logs\nruntime: nodejs\n" });
    expect(projectOfStackFile(path)).toEqual({ name: "my-logs", from: `name in ${join(path, "..", projectFile)}` });
  });

  it("without a project file beside it: the package's default name", () => {
    expect(projectOfStackFile(dirWith({}))).toEqual(DEFAULT_PROJECT);
    expect(DEFAULT_PROJECT.name).toBe(PROJECT);
  });

  it("refuses a project file without a name rather than guess the namespace", () => {
    const path = dirWith({ "Pulumi.yaml": "runtime: nodejs\n" });
    expect(() => projectOfStackFile(path)).toThrow(InvalidArgumentsError);
    expect(() => projectOfStackFile(path)).toThrow(/name is missing[\s\S]*fix: add name: <project name>/);
  });
});

describe("readStackFileOf", () => {
  const myLogs = { name: "my-logs", from: "name in /x/Pulumi.yaml" };

  it("reads the keys under the project's namespace, and only those", () => {
    const file = readStackFileOf(
      `config:\n  my-logs:zoneId: ${ZONE}\n  my-logs:intakeKey:\n    secure: v1:abc\n  other:zoneId: ignored\n`,
      myLogs,
    );
    expect(file.raw).toEqual({ zoneId: ZONE });
    expect([...file.secretKeys]).toEqual(["intakeKey"]);
  });

  it.each(["zoneId", "accountId", "zones", "accounts"])(
    "refuses a file whose only jobs (%s) sit under another namespace, naming both",
    (key) => {
      const read = () => readStackFileOf(`config:\n  my-logs:${key}: ${ZONE}\n`, DEFAULT_PROJECT);
      expect(read).toThrow(InvalidArgumentsError);
      expect(read).toThrow(
        new RegExp(
          `no cloudflare-sekoia-logpush:… key, but my-logs:${key}: the file is for project my-logs, ` +
            "and cloudflare-sekoia-logpush is the project expected \\(the package's default project name\\)" +
            "[\\s\\S]*fix: keep the stack file beside its project's Pulumi.yaml \\(name: my-logs\\)",
        ),
      );
    },
  );

  it("an empty file, or one with only other programs' settings, reads as empty (the defaults)", () => {
    expect(readStackFileOf("config: {}\n", DEFAULT_PROJECT).raw).toEqual({});
    expect(readStackFileOf("config:\n  cloudflare:apiToken:\n    secure: v1:x\n", DEFAULT_PROJECT).raw).toEqual({});
  });
});
