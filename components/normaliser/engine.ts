/**
 * The small engine that applies the mapping table to one record.
 *
 * The table is compiled once: paths split, types looked up in the shared
 * catalogue, rows grouped by top-level ECS object. Each record then costs one
 * pass over the groups; a memoised group (MEMOISED_OBJECTS) is looked up by the
 * values of the fields it reads and built only when they are new.
 */
import { FIELD_INFO, type FieldType } from "../fields";
import { CONVERSIONS, type ConversionContext } from "./conversions";
import { describeType } from "./describe";
import { GROUP_INFERENCE, inferRelated } from "./infer";
import { copyJson, deepFreeze } from "./json";
import { MAPPING, MEMOISED_OBJECTS, type MappingRow } from "./mapping";
import type { EcsEvent } from "./types";

/** The values of the fields the mapping reads, by field index (see SOURCE_FIELDS). */
export type SourceValues = readonly unknown[];

interface CompiledRow {
  readonly path: readonly string[];
  readonly from: string | undefined;
  /** Index of `from` in SOURCE_FIELDS. */
  readonly index: number;
  readonly constant: MappingRow["value"];
  readonly type: FieldType | undefined;
  readonly convert: (typeof CONVERSIONS)[keyof typeof CONVERSIONS];
  /** Only the first row reading a field reports its problems, so each is said once. */
  readonly reports: boolean;
  readonly warnIfMissing: boolean;
}

interface MemoEntry {
  /** The built object (deeply frozen), or undefined when the group had nothing to show. */
  readonly node: unknown;
  readonly warnings: readonly string[];
}

/**
 * Memoised objects, looked up by the raw values of the fields a group reads:
 * one Map level per field, so that no key string is built per record. Bounded:
 * when full it starts again empty (the values that repeat come back at once).
 */
class Memo {
  private root = new Map<unknown, unknown>();
  private size = 0;

  constructor(private readonly capacity: number) {}

  /** The entry for these values; MISS when absent; NOT_MEMOISABLE for values other than strings and numbers. */
  get(values: SourceValues, sources: readonly number[]): MemoEntry | typeof MISS | typeof NOT_MEMOISABLE {
    let level = this.root;
    const last = sources.length - 1;
    for (let i = 0; i < last; i++) {
      const value = memoValue(values, sources[i]);
      if (value === NOT_MEMOISABLE) return NOT_MEMOISABLE;
      const next = level.get(value) as Map<unknown, unknown> | undefined;
      if (next === undefined) return MISS;
      level = next;
    }
    const key = last < 0 ? undefined : memoValue(values, sources[last]);
    if (key === NOT_MEMOISABLE) return NOT_MEMOISABLE;
    return (level.get(key) as MemoEntry | undefined) ?? MISS;
  }

  set(values: SourceValues, sources: readonly number[], entry: MemoEntry): void {
    if (this.size >= this.capacity) {
      this.root = new Map();
      this.size = 0;
    }
    this.size++;
    let level = this.root;
    const last = sources.length - 1;
    for (let i = 0; i < last; i++) {
      const value = memoValue(values, sources[i]);
      let next = level.get(value) as Map<unknown, unknown> | undefined;
      if (next === undefined) {
        next = new Map();
        level.set(value, next);
      }
      level = next;
    }
    level.set(last < 0 ? undefined : memoValue(values, sources[last]), entry);
  }
}

const MISS = Symbol("miss");
const NOT_MEMOISABLE = Symbol("not memoisable");

/** A field's value as a memo key: strings and numbers as they are, absent and null alike. */
function memoValue(values: SourceValues, index: number): unknown {
  const value = values[index];
  if (typeof value === "string" || typeof value === "number") return value;
  return value === undefined || value === null ? undefined : NOT_MEMOISABLE;
}

interface CompiledGroup {
  /** The top-level ECS key (`event`, `source`, `@timestamp`...). */
  readonly name: string;
  readonly rows: readonly CompiledRow[];
  /** Indexes (in SOURCE_FIELDS) of the distinct fields the group reads, in table order. */
  readonly sources: readonly number[];
  readonly infer: ((node: Record<string, unknown>) => void) | undefined;
  readonly memo: Memo | undefined;
}

/** Distinct inputs remembered per memoised group. */
const MEMO_CAPACITY = 2048;

/** Compiles the table; throws at load time on a row the engine could not apply. */
export function compile(rows: readonly MappingRow[]): readonly CompiledGroup[] {
  const seen = new Set<string>();
  const indexes = new Map<string, number>();
  const groups = new Map<string, { rows: CompiledRow[]; sources: number[] }>();
  for (const row of rows) {
    const type = row.from === undefined ? undefined : (FIELD_INFO.get(row.from)?.type ?? row.type);
    if (row.from !== undefined && type === undefined) {
      throw new Error(`mapping row ${row.ecs}: ${row.from} is not a firewall_events field and states no type`);
    }
    if ((row.from === undefined) === (row.value === undefined)) {
      throw new Error(`mapping row ${row.ecs}: needs exactly one of from / value`);
    }
    const reports = row.from !== undefined && !seen.has(row.from);
    if (row.from !== undefined) seen.add(row.from);
    if (row.from !== undefined && !indexes.has(row.from)) indexes.set(row.from, indexes.size);
    const index = row.from === undefined ? -1 : indexes.get(row.from)!;
    const path = row.ecs.split(".");
    const group = groups.get(path[0]) ?? { rows: [], sources: [] };
    groups.set(path[0], group);
    group.rows.push({
      path,
      from: row.from,
      index,
      constant: row.value,
      type,
      convert: CONVERSIONS[row.convert ?? "copy"],
      reports,
      warnIfMissing: row.warnIfMissing === true,
    });
    if (row.from !== undefined && !group.sources.includes(index)) group.sources.push(index);
  }
  return [...groups].map(([name, group]) => ({
    name,
    rows: group.rows,
    sources: group.sources,
    infer: GROUP_INFERENCE[name],
    memo: MEMOISED_OBJECTS.has(name) ? new Memo(MEMO_CAPACITY) : undefined,
  }));
}

const GROUPS = compile(MAPPING);

/** Every Cloudflare field the mapping reads; a field's position is its index. */
export const SOURCE_FIELDS: readonly string[] = [
  ...new Set(MAPPING.flatMap((row) => (row.from === undefined ? [] : [row.from]))),
];

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
    let entry = group.memo === undefined ? NOT_MEMOISABLE : group.memo.get(values, group.sources);
    if (entry === NOT_MEMOISABLE) {
      buildGroup(group, values, event, context);
      continue;
    }
    if (entry === MISS) {
      const holder: EcsEvent = {};
      const groupWarnings: string[] = [];
      buildGroup(group, values, holder, { warn: (message) => groupWarnings.push(message) });
      entry = { node: deepFreeze(holder[group.name]), warnings: groupWarnings };
      group.memo!.set(values, group.sources, entry);
    }
    for (const warning of entry.warnings) warnings.push(warning);
    if (entry.node !== undefined) event[group.name] = shared ? entry.node : copyJson(entry.node);
  }
  inferRelated(event);
  return warnings;
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
  const node = target[group.name];
  if (group.infer !== undefined && typeof node === "object" && node !== null)
    group.infer(node as Record<string, unknown>);
}

const SILENT: ConversionContext = { warn: () => undefined };

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === "") return true;
  return typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0;
}

function hasType(value: unknown, type: FieldType): boolean {
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
