/**
 * The conversions the mapping table names. Each gets a value already checked
 * against its field's type and returns the ECS value, or undefined to leave the
 * field out (after saying why through `warn`).
 */
import { isIP } from "node:net";
import { eventTypeOf } from "./actions";
import { preview } from "./describe";
import { copyJson, MAX_JSON_DEPTH, TooDeep } from "./json";
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
      return copyJson(value);
    } catch (error) {
      if (!(error instanceof TooDeep)) throw error;
      context.warn(`${field}: nested deeper than ${MAX_JSON_DEPTH} levels; skipped`);
      return undefined;
    }
  },
};
