/** How warnings and errors show a value: short, and never the whole record. */

/** A short, safe rendering of a value for a warning. */
export function preview(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(typeof value);
  }
  return text.length > 64 ? `${text.slice(0, 61)}...` : text;
}

/** The JSON type name of a value, as warnings print it. */
export function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "number";
  return typeof value;
}
