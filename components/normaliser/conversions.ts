/**
 * The conversions the mapping table names. Each gets a value already checked
 * against its field's type and returns the ECS value, or undefined to leave the
 * field out (after saying why through `warn`).
 */
import { isIP } from "node:net";
import { eventTypeOf } from "./actions";
import { preview } from "./describe";
import type { Conversion } from "./mapping";
import { parseDatetime } from "./timestamp";

/** What a conversion may need besides the value. */
export interface ConversionContext {
  /** Exact digits of a numeric Datetime as written in the raw line, when known. */
  readonly datetimeDigits?: string;
  /** Records a warning for this event. */
  warn(message: string): void;
}

type Converter = (value: unknown, field: string, context: ConversionContext) => unknown;

/** Objects nested deeper than this in Metadata are cut: real Metadata is flat. */
const MAX_OBJECT_DEPTH = 32;

/** Conversion name → implementation. */
export const CONVERSIONS: Readonly<Record<Conversion, Converter>> = {
  copy: (value) => value,

  /** SEKOIA sets source.ip only when ClientIP is an IP address. */
  ip: (value, field, context) => {
    if (isIP(value as string) !== 0) return value;
    context.warn(`${field}: not an IP address ${preview(value)}; skipped`);
    return undefined;
  },

  timestamp: (value, field, context) => {
    const parsed = parseDatetime(value, context.datetimeDigits);
    if (parsed.ok) return parsed.value;
    context.warn(`${field}: ${parsed.reason}; @timestamp left out`);
    return undefined;
  },

  eventType: (value, field, context) => {
    const types = eventTypeOf(value as string);
    if (types === undefined) context.warn(`${field}: undocumented action ${preview(value)}; event.type left out`);
    return types;
  },

  /** SEKOIA names the module after the Cloudflare product that fired. */
  module: (value) => `cloudflare.${value as string}`,

  /** A copy, so the event shares nothing with the record and holds only JSON data. */
  object: (value, field, context) => {
    try {
      return jsonCopy(value, 0);
    } catch (error) {
      if (!(error instanceof TooDeep)) throw error;
      context.warn(`${field}: nested deeper than ${MAX_OBJECT_DEPTH} levels; skipped`);
      return undefined;
    }
  },
};

/**
 * A deep copy of JSON data. Keys are defined, not assigned, so a `__proto__`
 * key stays an ordinary key (as JSON.parse makes it) and never changes a
 * prototype. Values JSON cannot hold are dropped as JSON.stringify drops them.
 */
class TooDeep extends Error {}

function jsonCopy(value: unknown, depth: number): unknown {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value !== "object") return undefined;
  if (depth >= MAX_OBJECT_DEPTH) throw new TooDeep();
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      const copy = jsonCopy(item, depth + 1);
      out.push(copy === undefined ? null : copy);
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const copy = jsonCopy((value as Record<string, unknown>)[key], depth + 1);
    if (copy !== undefined) Object.defineProperty(out, key, { value: copy, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
