/**
 * A JSON string's contents, written straight from the UTF-8 bytes of the
 * text: what `message` (the raw line, kept as SEKOIA keeps it) costs most of
 * all. JSON.stringify of the decoded line, then encoding its result again,
 * reads and writes every character twice; this copies each byte once.
 *
 * For valid UTF-8, the only bytes JSON.stringify does not leave as they are
 * are `"`, `\` and the control characters below 0x20: non-ASCII text is
 * copied as it is (JSON.stringify escapes lone surrogates only, and valid
 * UTF-8 holds none), and so are DEL, U+2028 and U+2029. `"` and `\` get a
 * backslash here; a control character (which a JSON line holds only as
 * whitespace between tokens) is left to JSON.stringify, with its several
 * escape forms.
 */

const QUOTE = 34;
const BACKSLASH = 92;

/**
 * Writes the JSON-escaped form of `source[start, end)` (without the quotes
 * around it) into `target` from `at`.
 * @param source bytes that are valid UTF-8 (the caller has checked): anything else would be copied as it is
 * @param start the first byte
 * @param end one past the last byte
 * @param target where the escaped bytes go
 * @param at where in `target` they start
 * @returns the position after the last byte written, or -1 when the text
 *   holds a control character or `target` may be too short (then what was
 *   written is to be ignored, and JSON.stringify used instead)
 */
export function writeEscapedUtf8(
  source: Uint8Array,
  start: number,
  end: number,
  target: Uint8Array,
  at: number,
): number {
  // At most two bytes out for one in.
  if (at + 2 * (end - start) > target.length) return -1;
  let out = at;
  for (let i = start; i < end; i++) {
    const byte = source[i];
    if (byte < 0x20) return -1;
    if (byte === QUOTE || byte === BACKSLASH) target[out++] = BACKSLASH;
    target[out++] = byte;
  }
  return out;
}
