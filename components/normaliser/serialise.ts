/**
 * An event's JSON text, as JSON.stringify writes it, but cheaper for the CLI:
 * the memoised objects events share (`engine.ts`, with `shared`) are frozen and
 * identical from one event to the next, so each one's text is made once and
 * reused, and only the parts that change per event are serialised.
 */
import type { EcsEvent } from "./types";

// Keyed by the shared object itself: when the memo drops an object, its text goes too.
const texts = new WeakMap<object, string>();
// Top-level keys come from the mapping table (and `message`): a small, fixed set.
const keyTexts = new Map<string, string>();

function textOf(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null || !Object.isFrozen(value)) return JSON.stringify(value);
  let text = texts.get(value);
  if (text === undefined) {
    text = JSON.stringify(value);
    texts.set(value, text);
  }
  return text;
}

/** The event's JSON text: the same string JSON.stringify(event) gives. */
export function serialiseEvent(event: EcsEvent): string {
  let out = "";
  for (const key of Object.keys(event)) {
    const text = textOf(event[key]);
    if (text === undefined) continue; // as JSON.stringify skips undefined values
    let keyText = keyTexts.get(key);
    if (keyText === undefined) {
      keyText = JSON.stringify(key);
      if (keyTexts.size < 256) keyTexts.set(key, keyText);
    }
    out += out === "" ? `{${keyText}:${text}` : `,${keyText}:${text}`;
  }
  return out === "" ? "{}" : `${out}}`;
}
