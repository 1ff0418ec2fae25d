/**
 * The one rule for every message that repeats something a user (or a sender)
 * gave: a secret is masked, and any other echoed value is cut to a bounded
 * length and made printable, so a message can neither leak a key, nor flood a
 * terminal, nor carry escape sequences into it. Used by the validators, the
 * stack config, the CLIs and the sandbox.
 */

/** Longest echo of an input value, in UTF-16 units, before it is cut. */
export const MAX_ECHO_CHARS = 120;

/** Longest single message line a CLI prints about one input line or one failure. */
export const MAX_MESSAGE_CHARS = 1000;

/** Secrets shorter than this are masked only where quoted: a bare "1" would blank every digit of a message. */
const MIN_BARE_SECRET_CHARS = 4;

// C0 controls, DEL, C1 controls, and the Unicode formatting marks that reorder or hide text (bidi overrides, isolates).
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** `text` with every control or reordering character written as `\uXXXX`: nothing in it can drive a terminal. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** `text` cut to `max` UTF-16 units (never inside a surrogate pair), saying how long it was. */
export function cut(text: string, max = MAX_ECHO_CHARS): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--; // keep a pair whole
  return `${text.slice(0, end)}…(${text.length} chars)`;
}

/**
 * A value as a message quotes it: JSON form (strings in double quotes), cut to
 * `max` characters and printable. Values JSON cannot write (undefined,
 * functions, cycles, bigint) are named by their type.
 */
export function echo(value: unknown, max = MAX_ECHO_CHARS): string {
  if (typeof value === "string") return printable(JSON.stringify(cut(value, max)));
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined;
  }
  if (text === undefined) return value === undefined ? "undefined" : typeof value;
  return printable(cut(text, max));
}

/** A secret shown by its first 4 characters and its length, e.g. `QH6R…(33 chars)`; short ones by their length only. */
export function maskSecret(secret: string): string {
  return secret.length <= 8 ? `…(${secret.length} chars)` : `${secret.slice(0, 4)}…(${secret.length} chars)`;
}

/**
 * `text` with every occurrence of each secret replaced by its mask, whether
 * quoted as JSON or bare (bare only for secrets of 4 characters or more).
 * Longer secrets are replaced first, so one that contains another stays hidden.
 */
export function redactSecrets(text: string, secrets: Iterable<string>): string {
  const list = [...new Set(secrets)].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
  let out = text;
  for (const secret of list) {
    const masked = maskSecret(secret);
    out = out.split(JSON.stringify(secret)).join(`"${masked}"`);
    // Messages may also quote the secret after cutting or escaping: mask those forms too.
    out = out.split(echo(secret)).join(`"${masked}"`);
    if (secret.length >= MIN_BARE_SECRET_CHARS) out = out.split(secret).join(masked);
  }
  return out;
}

/** A message fit for one line of a terminal: printable (newlines included) and at most `max` characters. */
export function oneLine(text: string, max = MAX_MESSAGE_CHARS): string {
  return printable(cut(text, max));
}

/** The message of a thrown value, fit for one line. */
export function errorText(error: unknown, max = MAX_MESSAGE_CHARS): string {
  return oneLine(error instanceof Error ? error.message : String(error), max);
}
