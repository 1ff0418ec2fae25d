/**
 * What makes the table safe for both back-ends, checked when it is compiled:
 * the writer emits keys in table order and appends inferred keys after them,
 * so the engine's objects must come out of JSON.stringify in that same order.
 */
import type { ObjectInference, RelatedList } from "./infer";
import type { Conversion, MappingRow } from "./mapping";

/** Top-level keys an event has besides the table's objects. */
export const RESERVED_TOP_LEVEL = ["message", "related"] as const;

/** Conversions that give back the value read: a value inferred from them can be read from the record. */
const IDENTITY: ReadonlySet<Conversion> = new Set(["copy", "ip"]);

/** V8 lists integer-like keys first whatever their insertion order; JSON.stringify follows. */
function isIndexLike(key: string): boolean {
  return /^(?:0|[1-9]\d*)$/.test(key) && Number(key) < 2 ** 32 - 1;
}

/**
 * The problems that would make the two back-ends disagree; empty when none.
 * @param rows the mapping table, in event order
 * @param inferences the per-object inferences
 * @param related the `related.*` lists
 */
export function layoutProblems(
  rows: readonly MappingRow[],
  inferences: Readonly<Record<string, ObjectInference>>,
  related: readonly RelatedList[],
): string[] {
  const problems: string[] = [];
  const leaves = new Map<string, MappingRow>();
  const objects = new Set<string>();
  const closed = new Set<string>();
  let open: string[] = [];
  for (const row of rows) {
    const path = row.ecs.split(".");
    const bad = path.find((key) => key === "" || isIndexLike(key));
    if (bad !== undefined) problems.push(`${row.ecs}: key ${JSON.stringify(bad)} would not keep its place in JSON`);
    if (leaves.has(row.ecs)) problems.push(`${row.ecs}: written by two rows`);
    leaves.set(row.ecs, row);
    const prefixes = path.slice(0, -1).map((_, depth) => path.slice(0, depth + 1).join("."));
    for (const [depth, prefix] of prefixes.entries()) {
      objects.add(prefix);
      if (open[depth] === prefix) continue;
      for (const done of open.slice(depth)) closed.add(done);
      open = open.slice(0, depth);
      // Each object's rows together: the writer closes an object for good when the next row leaves it.
      if (closed.has(prefix)) problems.push(`${row.ecs}: the rows of ${prefix} are not contiguous`);
      open.push(prefix);
    }
    for (const done of open.slice(prefixes.length)) closed.add(done);
    open = open.slice(0, prefixes.length);
  }
  for (const leaf of leaves.keys()) if (objects.has(leaf)) problems.push(`${leaf}: both a value and an object`);

  const topLevel = new Set([...leaves.keys()].map((ecs) => ecs.split(".")[0]));
  for (const key of RESERVED_TOP_LEVEL)
    if (topLevel.has(key)) problems.push(`${key}: a top-level key the normaliser writes itself`);
  for (const [object, inference] of Object.entries(inferences)) {
    for (const key of inference.adds) {
      if (leaves.has(`${object}.${key}`) || objects.has(`${object}.${key}`))
        problems.push(`${object}.${key}: inferred, and also written by the table`);
    }
    for (const key of inference.reads) checkRead(`${object}.${key}`, leaves, objects, problems);
  }
  for (const list of related) for (const ecs of list.from) checkRead(ecs, leaves, objects, problems);
  return problems;
}

/** An inference reads a value the table wrote unchanged, or a field no row writes (always absent). */
function checkRead(
  ecs: string,
  leaves: ReadonlyMap<string, MappingRow>,
  objects: ReadonlySet<string>,
  problems: string[],
) {
  const row = leaves.get(ecs);
  if (objects.has(ecs)) problems.push(`${ecs}: inferences read values, not objects`);
  else if (row !== undefined && (row.from === undefined || !IDENTITY.has(row.convert ?? "copy")))
    problems.push(`${ecs}: inferences read only fields copied from the record (copy or ip)`);
}

/**
 * Throws when `layoutProblems` finds any, naming them all.
 * @param rows the mapping table
 * @param inferences the per-object inferences
 * @param related the `related.*` lists
 */
export function checkLayout(
  rows: readonly MappingRow[],
  inferences: Readonly<Record<string, ObjectInference>>,
  related: readonly RelatedList[],
): void {
  const problems = layoutProblems(rows, inferences, related);
  if (problems.length > 0) throw new Error(`the mapping table cannot be compiled: ${problems.join("; ")}`);
}
