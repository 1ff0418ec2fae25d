/**
 * Evaluates a Logpush filter (`{"where": …}`, the job's `filter` JSON) against
 * one record, the way Cloudflare documents each operator:
 *
 * | operator | applies to | true when |
 * |---|---|---|
 * | `eq`, `!eq` | string, int, bool | the field equals (does not equal) the value |
 * | `lt`, `leq`, `gt`, `geq` | int | numeric comparison with the value |
 * | `startsWith`, `endsWith` and their `!` forms | string | prefix / suffix, case-sensitive |
 * | `contains`, `!contains` | string, array | substring of a string, or element of an array |
 * | `in`, `!in` | string, int | the field equals one of the listed values |
 *
 * Cloudflare's own examples write numbers as strings (`"value":"30"` on an int
 * field), so a value is read as the field's type: `"30"` equals `30`. An
 * operator on a type it does not apply to, or on a missing field, is false;
 * each `!` operator is exactly the negation of its positive form. `and` needs
 * every child, `or` at least one.
 */
import type { FilterNode, FilterValue, LogpushFilter } from "../filter";

/** A record as the emulator holds it: field name → value (Datetime as bigint nanoseconds). */
export type LogRecord = Readonly<Record<string, unknown>>;

/** A compiled filter: record → kept. */
export type RecordPredicate = (record: LogRecord) => boolean;

const KEEP_ALL: RecordPredicate = () => true;

/** The field's value as a number, when it is an int (a bigint Datetime included). */
function asNumber(v: unknown): number | undefined {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "bigint") return Number(v);
  return undefined;
}

/** The filter value read as a number (Cloudflare accepts `"30"` for 30). */
function valueAsNumber(v: unknown): number | undefined {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

/** `eq` between a field and one value, the value read as the field's type. */
function equals(field: unknown, value: unknown): boolean {
  if (typeof field === "string")
    return typeof value === "string" ? field === value : typeof value === "number" && field === String(value);
  if (typeof field === "boolean") return field === value || (typeof value === "string" && String(field) === value);
  const n = asNumber(field);
  if (n !== undefined) return n === valueAsNumber(value);
  return false;
}

type Positive = (field: unknown, value: FilterValue | undefined) => boolean;

const str = (f: unknown, v: unknown, test: (f: string, v: string) => boolean): boolean =>
  typeof f === "string" && typeof v === "string" && test(f, v);

const ordered =
  (test: (a: number, b: number) => boolean): Positive =>
  (f, v) => {
    const a = asNumber(f);
    const b = valueAsNumber(v);
    return a !== undefined && b !== undefined && test(a, b);
  };

/** The positive operators; each `!op` is `not op`. */
const POSITIVE: Readonly<Record<string, Positive>> = {
  eq: (f, v) => equals(f, v),
  lt: ordered((a, b) => a < b),
  leq: ordered((a, b) => a <= b),
  gt: ordered((a, b) => a > b),
  geq: ordered((a, b) => a >= b),
  startsWith: (f, v) => str(f, v, (a, b) => a.startsWith(b)),
  endsWith: (f, v) => str(f, v, (a, b) => a.endsWith(b)),
  contains: (f, v) => (Array.isArray(f) ? f.some((item) => equals(item, v)) : str(f, v, (a, b) => a.includes(b))),
  in: (f, v) => Array.isArray(v) && v.some((item) => equals(f, item)),
};

function compile(node: FilterNode): RecordPredicate {
  if (node.and) {
    const children = node.and.map(compile);
    return (r) => children.every((c) => c(r));
  }
  if (node.or) {
    const children = node.or.map(compile);
    return (r) => children.some((c) => c(r));
  }
  const { key, operator, value } = node;
  if (typeof key !== "string" || typeof operator !== "string")
    throw new Error(`filter condition needs a key and an operator: ${JSON.stringify(node)}`);
  const negated = operator.startsWith("!");
  const test = POSITIVE[negated ? operator.slice(1) : operator];
  if (!test) throw new Error(`filter operator "${operator}" is not one of Cloudflare's`);
  const has = (r: LogRecord) => Object.prototype.hasOwnProperty.call(r, key);
  return negated ? (r) => !(has(r) && test(r[key], value)) : (r) => has(r) && test(r[key], value);
}

/**
 * Compiles a job's filter (the JSON string the API takes, or the object) into
 * a predicate. No filter keeps every record. A filter outside Cloudflare's
 * grammar throws: the real API would have refused the job.
 */
export function compileFilter(filter: string | LogpushFilter | undefined): RecordPredicate {
  if (filter === undefined || filter === "") return KEEP_ALL;
  const parsed = (typeof filter === "string" ? JSON.parse(filter) : filter) as LogpushFilter;
  if (typeof parsed !== "object" || parsed === null || typeof parsed.where !== "object" || parsed.where === null) {
    throw new Error('a Logpush filter is an object {"where": …}');
  }
  return compile(parsed.where);
}
