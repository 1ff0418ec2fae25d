/** `BENCH_ONLY`: which bench sections run. */
import { selectedSections } from "../bench/index";

describe("selectedSections (BENCH_ONLY)", () => {
  it("runs every section, in order, when unset or blank", () => {
    expect(selectedSections(undefined)).toEqual(["program", "normaliser", "sandbox", "intake-memory"]);
    expect(selectedSections(" ")).toEqual(["program", "normaliser", "sandbox", "intake-memory"]);
  });

  it("runs only the named sections, in the bench's order whatever the list's", () => {
    expect(selectedSections("sandbox, normaliser")).toEqual(["normaliser", "sandbox"]);
    expect(selectedSections("intake-memory")).toEqual(["intake-memory"]);
  });

  it("refuses an unknown name, naming it and the valid ones", () => {
    expect(() => selectedSections("normaliser,sandboxes")).toThrow(
      "BENCH_ONLY: unknown section sandboxes; valid: program, normaliser, sandbox, intake-memory",
    );
  });
});
