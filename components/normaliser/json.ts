/**
 * JSON helpers for events: a safe deep copy of untrusted data, and a deep
 * freeze for the memoised objects events share.
 */

/** Nested deeper than this, a copy is refused: real Metadata is flat. */
export const MAX_JSON_DEPTH = 32;

/** Thrown by `copyJson` on data nested deeper than MAX_JSON_DEPTH. */
export class TooDeep extends Error {}

/**
 * A deep copy of JSON data. A `__proto__` key is defined, not assigned, so it
 * stays an ordinary key (as JSON.parse makes it) and never changes a prototype.
 * Values JSON cannot hold are dropped, as JSON.stringify drops them.
 */
export function copyJson(value: unknown, depth = 0): unknown {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value !== "object") return undefined;
  if (depth >= MAX_JSON_DEPTH) throw new TooDeep();
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      const copy = copyJson(item, depth + 1);
      out.push(copy === undefined ? null : copy);
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const copy = copyJson((value as Record<string, unknown>)[key], depth + 1);
    if (copy === undefined) continue;
    if (key === "__proto__")
      Object.defineProperty(out, key, { value: copy, enumerable: true, writable: true, configurable: true });
    else out[key] = copy;
  }
  return out;
}

/** Freezes a value and everything in it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}
