/**
 * The object back-end: applies the compiled table (`compile.ts`) to one
 * record and builds the event object. It serves `normalise()` and is the only
 * place where warnings are produced; the byte writer (`writer.ts`) hands it
 * every record that would warn.
 *
 * Each record costs one pass over the groups; a memoised group is looked up by
 * the values of the fields it reads and built only when they are new.
 */
import type { FieldType } from "../fields";
import { TABLE, type CompiledGroup } from "./compile";
import type { ConversionContext } from "./conversions";
import { describeType } from "./describe";
import { distinct, RELATED_KEY } from "./infer";
import { copyJson, deepFreeze } from "./json";
import { Memo, MISS, NOT_MEMOISABLE, type SourceValues } from "./memo";
import type { EcsEvent } from "./types";

export type { SourceValues } from "./memo";

interface MemoEntry {
  /** The built object (deeply frozen), or undefined when the group had nothing to show. */
  readonly node: unknown;
  readonly warnings: readonly string[];
}

/** Distinct inputs remembered per memoised group. */
export const MEMO_CAPACITY = 2048;

const GROUPS = TABLE.groups;
const MEMOS: ReadonlyMap<CompiledGroup, Memo<MemoEntry>> = new Map(
  GROUPS.filter((group) => group.memoised).map((group) => [group, new Memo<MemoEntry>(MEMO_CAPACITY)]),
);
// The related lists' fields, split once.
const RELATED_PATHS = TABLE.related.map((list) => ({ key: list.key, from: list.from.map((ecs) => ecs.split(".")) }));

/** Every Cloudflare field the mapping reads; a field's position is its index. */
export const SOURCE_FIELDS: readonly string[] = TABLE.sourceFields;

/**
 * The values of the fields the mapping reads, by index; undefined when the
 * record has none of them. Each field is read directly (cheaper than walking
 * the record's keys); only own properties count: an inherited value (a
 * polluted Object.prototype) is not data.
 */
export function readSources(record: Readonly<Record<string, unknown>>): SourceValues | undefined {
  const values: unknown[] = new Array(SOURCE_FIELDS.length);
  let found = false;
  for (let i = 0; i < SOURCE_FIELDS.length; i++) {
    const value = record[SOURCE_FIELDS[i]];
    if (value !== undefined && Object.prototype.hasOwnProperty.call(record, SOURCE_FIELDS[i])) {
      values[i] = value;
      found = true;
    }
  }
  return found ? values : undefined;
}

/**
 * Applies the mapping and the inferences to a record's values (readSources),
 * adding to `event`. Empty strings, empty objects and nulls are left out, as SEKOIA
 * leaves them out; a value of the wrong type is skipped with a warning, never
 * coerced. With `shared`, memoised objects are the frozen cached ones (for
 * serialising at once); otherwise each event gets its own copies.
 */
export function applyMapping(
  values: SourceValues,
  event: EcsEvent,
  datetimeDigits: string | undefined,
  shared: boolean,
): string[] {
  const warnings: string[] = [];
  const context: ConversionContext = { datetimeDigits, warn: (message) => warnings.push(message) };
  for (const group of GROUPS) {
    const memo = MEMOS.get(group);
    let entry = memo === undefined ? NOT_MEMOISABLE : memo.get(values, group.sources);
    if (entry === NOT_MEMOISABLE) {
      buildGroup(group, values, event, context);
      continue;
    }
    if (entry === MISS) {
      entry = buildMemoEntry(group, values);
      memo!.set(values, group.sources, entry);
    }
    for (const warning of entry.warnings) warnings.push(warning);
    if (entry.node !== undefined) event[group.name] = shared ? entry.node : copyJson(entry.node);
  }
  inferRelated(event);
  return warnings;
}

/**
 * A group built on its own, as the memo keeps it: the object (deeply frozen;
 * undefined when the group has nothing to show) and the warnings it gave.
 * @param group the compiled group
 * @param values the record's values, by field index
 */
export function buildMemoEntry(group: CompiledGroup, values: SourceValues): MemoEntry {
  const holder: EcsEvent = {};
  const warnings: string[] = [];
  buildGroup(group, values, holder, { warn: (message) => warnings.push(message) });
  return { node: deepFreeze(holder[group.name]), warnings };
}

function buildGroup(group: CompiledGroup, values: SourceValues, target: EcsEvent, context: ConversionContext): void {
  for (const row of group.rows) {
    if (row.from === undefined) {
      setPath(target, row.path, typeof row.constant === "string" ? row.constant : row.constant!.slice());
      continue;
    }
    const value = values[row.index];
    if (isEmpty(value)) {
      if (row.warnIfMissing && row.reports) context.warn(`${row.from}: missing; ${row.path.join(".")} left out`);
      continue;
    }
    if (!hasType(value, row.type!)) {
      if (row.reports) context.warn(`${row.from}: expected ${row.type}, got ${describeType(value)}; skipped`);
      continue;
    }
    const converted = row.convert(value, row.from, row.reports ? context : SILENT);
    if (converted !== undefined) setPath(target, row.path, converted);
  }
  const node = target[group.name] as Record<string, unknown> | undefined;
  if (group.inference === undefined || typeof node !== "object" || node === null) return;
  const { reads, adds, infer } = group.inference;
  const inferred = infer(reads.map((key) => node[key]));
  // In the declared order, as the writer writes them; nested values are cached
  // and frozen, so the event gets its own copies.
  for (const key of adds) {
    const value = inferred[key];
    if (value !== undefined) node[key] = typeof value === "object" ? copyJson(value) : value;
  }
}

/** `related.*`, from the objects already built. */
function inferRelated(event: EcsEvent): void {
  let related: EcsEvent | undefined;
  for (const list of RELATED_PATHS) {
    const values = distinct(list.from.map((path) => getPath(event, path)));
    if (values === undefined) continue;
    related ??= {};
    related[list.key] = values;
  }
  if (related !== undefined) event[RELATED_KEY] = related;
}

const SILENT: ConversionContext = { warn: () => undefined };

/** Missing, null, "" or {}: left out of the event. */
export function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === "") return true;
  return typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0;
}

/** True when `value` has the type Cloudflare documents for the field. */
export function hasType(value: unknown, type: FieldType): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "int":
      return Number.isInteger(value);
    case "int or string":
      return typeof value === "string" || (typeof value === "number" && Number.isFinite(value));
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
    case "array[string]":
      return Array.isArray(value) && value.every((item) => typeof item === "string");
    case "array[int]":
      return Array.isArray(value) && value.every((item) => Number.isInteger(item));
  }
}

/** Sets a dotted path, creating the objects on the way. Paths come from the table, never from data. */
function setPath(target: EcsEvent, path: readonly string[], value: unknown): void {
  let node = target;
  const last = path.length - 1;
  for (let i = 0; i < last; i++) {
    const key = path[i];
    let next = node[key] as EcsEvent | undefined;
    if (next === undefined) {
      next = {};
      node[key] = next;
    }
    node = next;
  }
  node[path[last]] = value;
}

/** The value at a dotted path; undefined when any step is missing. */
function getPath(target: EcsEvent, path: readonly string[]): unknown {
  let node: unknown = target;
  for (const key of path) {
    if (typeof node !== "object" || node === null || !Object.prototype.hasOwnProperty.call(node, key)) return undefined;
    node = (node as EcsEvent)[key];
  }
  return node;
}
