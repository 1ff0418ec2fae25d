/**
 * Which Pulumi project a stack file belongs to, and so the namespace its keys
 * are read under: the `name:` of the `Pulumi.yaml` (or `Pulumi.yml`) beside it,
 * as the stack program reads `pulumi.getProject()`, else this package's name.
 * Used by `verify --stack-file` and `npm start -- --config`, so both read a
 * renamed project's stack file as `pulumi up` does.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { JSON_SCHEMA, load } from "js-yaml";
import { PROJECT, parseStackFile, type StackFile } from "./stack-config";
import { InvalidArgumentsError } from "./validation";

/** The project files Pulumi reads, in its order (https://www.pulumi.com/docs/iac/concepts/projects/project-file/). */
export const PROJECT_FILES = ["Pulumi.yaml", "Pulumi.yml"] as const;

/** A stack's project: its name (the config namespace) and where that name came from, for messages. */
export interface StackProject {
  name: string;
  from: string;
}

/** The project when no stack file is read, or none has a project file beside it. */
export const DEFAULT_PROJECT: StackProject = { name: PROJECT, from: "the package's default project name" };

// The keys that say a stack declares jobs: found under another namespace, they betray a project mismatch.
const JOB_KEYS = ["zoneId", "zones", "accountId", "accounts"];

/**
 * The project of a stack file: the `name:` of the project file beside it, else the package's.
 * @param stackFilePath the stack file (`Pulumi.<stack>.yaml`)
 * @throws InvalidArgumentsError when the project file beside it has no name
 */
export function projectOfStackFile(stackFilePath: string): StackProject {
  for (const file of PROJECT_FILES) {
    const path = join(dirname(stackFilePath), file);
    if (!existsSync(path)) continue;
    const doc = load(readFileSync(path, "utf8"), { schema: JSON_SCHEMA }) as { name?: unknown } | null;
    if (typeof doc?.name === "string" && doc.name.trim() !== "") return { name: doc.name, from: `name in ${path}` };
    // Pulumi itself refuses such a project: guessing a namespace would read the wrong keys.
    throw new InvalidArgumentsError(path, [
      "name is missing; it is the project's name, and the namespace of its stack config\n      fix: add name: <project name> to it",
    ]);
  }
  return DEFAULT_PROJECT;
}

/**
 * The project's keys in a stack file, refusing a file whose jobs are all under another
 * namespace (read under this one it would silently give the package's defaults).
 * @param yamlText the stack file's text
 * @param project the stack's project (`projectOfStackFile`)
 * @throws InvalidArgumentsError naming the namespace found and the one expected
 */
export function readStackFileOf(yamlText: string, project: StackProject): StackFile {
  const file = parseStackFile(yamlText, project.name);
  if (Object.keys(file.raw).length > 0 || file.secretKeys.size > 0) return file;
  const doc = load(yamlText, { schema: JSON_SCHEMA }) as { config?: Record<string, unknown> } | null;
  const foreign = Object.keys(doc?.config ?? {}).filter((fullKey) => {
    const at = fullKey.indexOf(":");
    return at > 0 && fullKey.slice(0, at) !== project.name && JOB_KEYS.includes(fullKey.slice(at + 1));
  });
  if (foreign.length === 0) return file;
  const found = [...new Set(foreign.map((k) => k.slice(0, k.indexOf(":"))))];
  throw new InvalidArgumentsError(`stack file (${project.name}:…)`, [
    `no ${project.name}:… key, but ${foreign.join(", ")}: the file is for project ${found.join(", ")}, ` +
      `and ${project.name} is the project expected (${project.from})` +
      `\n      fix: keep the stack file beside its project's Pulumi.yaml (name: ${found[0]})` +
      `\n       or: rename its keys to ${project.name}:…`,
  ]);
}
