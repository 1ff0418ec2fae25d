/**
 * `message` escaped from the line's bytes is byte for byte what JSON.stringify
 * of the decoded line gives, for any well-formed text; a control character, or
 * too little room, hands the line back to JSON.stringify.
 */
import fc from "fast-check";
import { writeEscapedUtf8 } from "../components/normaliser/escape-utf8";

/** JSON.stringify's escaping of `text`, as UTF-8, without the quotes. */
const stringified = (text: string) => {
  const json = Buffer.from(JSON.stringify(text), "utf8");
  return json.subarray(1, json.length - 1);
};

/** writeEscapedUtf8 of `text`'s bytes, placed at an offset in both buffers; undefined for -1. */
function escaped(text: string, room = 2 * Buffer.byteLength(text)): Buffer | undefined {
  const bytes = Buffer.concat([Buffer.from("ab"), Buffer.from(text, "utf8"), Buffer.from("cd")]);
  const target = Buffer.alloc(3 + room, 0x21);
  const end = writeEscapedUtf8(bytes, 2, bytes.length - 2, target, 3);
  return end < 0 ? undefined : target.subarray(3, end);
}

// A control character, as it may sit between a JSON line's tokens.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f]/;

describe("writeEscapedUtf8", () => {
  it.each([
    ['{"Action":"block","ClientRequestUserAgent":"a \\"quoted\\" UA"}'],
    ["back\\slash, slash / and \\/"],
    ["é€😀 and U+2028 \u2028 U+2029 \u2029 DEL \u007f"],
    ["\ufffd (a real replacement character)"],
    [""],
  ])("%j: what JSON.stringify writes", (text) => {
    expect(escaped(text)).toEqual(stringified(text));
  });

  it.each([["a\tb"], ["a\rb"], ["a\u0000b"], ["a\u001fb"]])(
    "%j: a control character is left to JSON.stringify (-1)",
    (text) => {
      expect(escaped(text)).toBeUndefined();
    },
  );

  it("needs room for twice the bytes: exactly that is enough, a byte less is -1", () => {
    const text = '"\\"';
    expect(escaped(text, 6)).toEqual(Buffer.from('\\"\\\\\\"'));
    expect(escaped(text, 5)).toBeUndefined();
  });

  it("equals JSON.stringify for any well-formed text, or declines exactly when it holds a control character", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "grapheme" }), fc.string({ unit: "binary" }), fc.json()), (text) => {
        const wellFormed = Buffer.from(text, "utf8").toString("utf8");
        const result = escaped(wellFormed);
        if (CONTROL.test(wellFormed)) expect(result).toBeUndefined();
        else expect(result).toEqual(stringified(wellFormed));
      }),
      { numRuns: 3000 },
    );
  });
});
