/** The user-agent regexes from the JSON the build writes: the same data as uap-core's YAML, used only when current. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadUapRegexes, regexesFromYaml, writeUapRegexes } from "../components/normaliser/uap-regexes";

describe("uap-core regexes as JSON", () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "uap-regexes-"))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("holds exactly the YAML's data, and is what the loader reads when present", () => {
    const path = join(dir, "uap-regexes.json");
    writeUapRegexes(path);
    const yaml = regexesFromYaml();
    expect(loadUapRegexes(path)).toEqual(yaml);
    // Read from the file, not parsed again from the YAML: a marked copy comes back marked.
    const data = JSON.parse(readFileSync(path, "utf8")) as { version: string; regexes: { marker?: boolean } };
    writeFileSync(path, JSON.stringify({ ...data, regexes: { ...data.regexes, marker: true } }));
    expect(loadUapRegexes(path)).toHaveProperty("marker", true);
  });

  it("falls back to the YAML when the JSON is missing or from another uap-core version", () => {
    const path = join(dir, "stale.json");
    expect(loadUapRegexes(path)).toEqual(regexesFromYaml());
    writeFileSync(path, JSON.stringify({ version: "0.0.0", regexes: { marker: true } }));
    expect(loadUapRegexes(path)).not.toHaveProperty("marker");
  });
});
