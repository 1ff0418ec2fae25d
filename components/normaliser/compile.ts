/**
 * The mapping table compiled once, for both back-ends: the engine
 * (`engine.ts`, event objects) and the writer (`writer.ts`, JSON bytes).
 * Paths split, types looked up in the shared catalogue, rows grouped by
 * top-level ECS object, inferences attached to their object. Throws at load
 * time on a table either back-end could not apply (see `layout.ts`).
 */
import { FIELD_INFO, type FieldType } from "../fields";
import { CONVERSIONS, type ConversionContext } from "./conversions";
import { OBJECT_INFERENCES, RELATED, type ObjectInference, type RelatedList } from "./infer";
import { checkLayout } from "./layout";
import { MAPPING, MEMOISED_OBJECTS, type Conversion, type MappingRow } from "./mapping";

/** One row, ready to apply. */
export interface CompiledRow {
  /** The ECS path, split. */
  readonly path: readonly string[];
  readonly from: string | undefined;
  /** Index of `from` in the table's source fields; -1 for a constant. */
  readonly index: number;
  readonly constant: MappingRow["value"];
  readonly type: FieldType | undefined;
  readonly conversion: Conversion;
  readonly convert: (value: unknown, field: string, context: ConversionContext) => unknown;
  /** Only the first row reading a field reports its problems, so each is said once. */
  readonly reports: boolean;
  readonly warnIfMissing: boolean;
}

/** The rows of one top-level ECS object. */
export interface CompiledGroup {
  /** The top-level ECS key (`event`, `source`, `@timestamp`...). */
  readonly name: string;
  readonly rows: readonly CompiledRow[];
  /** Indexes of the distinct fields the group reads, in table order: the memo key. */
  readonly sources: readonly number[];
  /** The group depends only on values that repeat: built once per distinct input. */
  readonly memoised: boolean;
  readonly inference: ObjectInference | undefined;
}

/** The whole table. */
export interface CompiledTable {
  readonly groups: readonly CompiledGroup[];
  /** Every Cloudflare field the table reads; a field's position is its index. */
  readonly sourceFields: readonly string[];
  readonly related: readonly RelatedList[];
}

/**
 * Compiles a table.
 * @param rows the mapping table, in event order
 * @param inferences the per-object inferences
 * @param related the `related.*` lists
 * @param memoised the top-level objects built once per distinct input
 */
export function compileTable(
  rows: readonly MappingRow[],
  inferences: Readonly<Record<string, ObjectInference>> = OBJECT_INFERENCES,
  related: readonly RelatedList[] = RELATED,
  memoised: ReadonlySet<string> = MEMOISED_OBJECTS,
): CompiledTable {
  checkLayout(rows, inferences, related);
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
    const conversion = row.convert ?? "copy";
    group.rows.push({
      path,
      from: row.from,
      index,
      constant: row.value,
      type,
      conversion,
      convert: CONVERSIONS[conversion],
      reports,
      warnIfMissing: row.warnIfMissing === true,
    });
    if (row.from !== undefined && !group.sources.includes(index)) group.sources.push(index);
  }
  return {
    groups: [...groups].map(([name, group]) => ({
      name,
      rows: group.rows,
      sources: group.sources,
      memoised: memoised.has(name),
      inference: Object.prototype.hasOwnProperty.call(inferences, name) ? inferences[name] : undefined,
    })),
    sourceFields: [...indexes.keys()],
    related,
  };
}

/** The package's table, compiled once. */
export const TABLE: CompiledTable = compileTable(MAPPING);
