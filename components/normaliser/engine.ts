/**
 * The small engine that applies the mapping table to one record. The table is
 * compiled once (paths split, types looked up in the shared catalogue); each
 * record then costs one pass over the rows.
 */
import { FIELD_INFO, type FieldType } from "../fields";
import { CONVERSIONS, type ConversionContext } from "./conversions";
import { describeType } from "./describe";
import { MAPPING, type MappingRow } from "./mapping";
import type { EcsEvent } from "./types";

interface CompiledRow {
  readonly path: readonly string[];
  readonly from: string | undefined;
  readonly constant: MappingRow["value"];
  readonly type: FieldType | undefined;
  readonly convert: (typeof CONVERSIONS)[keyof typeof CONVERSIONS];
  /** Only the first row reading a field reports its problems, so each is said once. */
  readonly reports: boolean;
  readonly warnIfMissing: boolean;
}

/** Compiles the table; throws at load time on a row the engine could not apply. */
export function compile(rows: readonly MappingRow[]): readonly CompiledRow[] {
  const seen = new Set<string>();
  return rows.map((row) => {
    const type = row.from === undefined ? undefined : (FIELD_INFO.get(row.from)?.type ?? row.type);
    if (row.from !== undefined && type === undefined) {
      throw new Error(`mapping row ${row.ecs}: ${row.from} is not a firewall_events field and states no type`);
    }
    if ((row.from === undefined) === (row.value === undefined)) {
      throw new Error(`mapping row ${row.ecs}: needs exactly one of from / value`);
    }
    const reports = row.from !== undefined && !seen.has(row.from);
    if (row.from !== undefined) seen.add(row.from);
    return {
      path: row.ecs.split("."),
      from: row.from,
      constant: row.value,
      type,
      convert: CONVERSIONS[row.convert ?? "copy"],
      reports,
      warnIfMissing: row.warnIfMissing === true,
    };
  });
}

const COMPILED = compile(MAPPING);

/** Every Cloudflare field the mapping reads. */
export const SOURCE_FIELDS: ReadonlySet<string> = new Set(MAPPING.flatMap((row) => (row.from === undefined ? [] : [row.from])));

/** The outcome of mapping one record. */
export interface Mapped {
  readonly event: EcsEvent;
  readonly warnings: string[];
  /** How many of the fields the mapping reads the record has (own keys, any value). */
  readonly fieldsPresent: number;
}

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Applies the mapping to a record (a plain object). Empty strings, empty
 * objects and nulls are left out, as SEKOIA leaves them out; a value of the
 * wrong type is skipped with a warning, never coerced.
 */
export function applyMapping(record: Readonly<Record<string, unknown>>, event: EcsEvent, datetimeDigits?: string): Mapped {
  const warnings: string[] = [];
  const context: ConversionContext = { datetimeDigits, warn: (message) => warnings.push(message) };
  let fieldsPresent = 0;
  for (const row of COMPILED) {
    if (row.from === undefined) {
      setPath(event, row.path, typeof row.constant === "string" ? row.constant : row.constant!.slice());
      continue;
    }
    // Own keys only: an inherited value (a polluted Object.prototype) is not data.
    const present = hasOwn.call(record, row.from);
    if (present && row.reports) fieldsPresent++;
    const value = present ? record[row.from] : undefined;
    if (isEmpty(value)) {
      if (row.warnIfMissing && row.reports) warnings.push(`${row.from}: missing; ${row.path.join(".")} left out`);
      continue;
    }
    if (!hasType(value, row.type!)) {
      if (row.reports) warnings.push(`${row.from}: expected ${row.type}, got ${describeType(value)}; skipped`);
      continue;
    }
    const converted = row.convert(value, row.from, row.reports ? context : SILENT);
    if (converted !== undefined) setPath(event, row.path, converted);
  }
  return { event, warnings, fieldsPresent };
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
      return typeof value === "string" || Number.isInteger(value) || (typeof value === "number" && Number.isFinite(value));
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
    case "array[string]":
      return Array.isArray(value) && value.every((item) => typeof item === "string");
    case "array[int]":
      return Array.isArray(value) && value.every((item) => Number.isInteger(item));
  }
}

/** Sets a dotted path, creating the objects on the way. Paths come from the table, never from data. */
export function setPath(target: EcsEvent, path: readonly string[], value: unknown): void {
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
