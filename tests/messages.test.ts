/** The one message rule (components/messages.ts): both sides of each bound. */
import { cut, echo, maskSecret, MAX_ECHO_CHARS, oneLine, printable, redactSecrets } from "../components/messages";
import fc from "fast-check";

describe("cut", () => {
  it("keeps a value of exactly the bound, cuts the next length and says how long it was", () => {
    expect(cut("a".repeat(MAX_ECHO_CHARS))).toBe("a".repeat(MAX_ECHO_CHARS));
    expect(cut("a".repeat(MAX_ECHO_CHARS + 1))).toBe(`${"a".repeat(MAX_ECHO_CHARS)}…(${MAX_ECHO_CHARS + 1} chars)`);
  });
  it("never splits a surrogate pair", () => {
    const text = "a".repeat(MAX_ECHO_CHARS - 1) + "😀" + "b";
    expect(cut(text)).toBe(`${"a".repeat(MAX_ECHO_CHARS - 1)}…(${text.length} chars)`);
  });
});

describe("printable", () => {
  it.each([
    ["ESC", "\u001b[2J", "\\u001b[2J"],
    ["BEL", "\u0007", "\\u0007"],
    ["DEL", "\u007f", "\\u007f"],
    ["C1 CSI", "\u009b", "\\u009b"],
    ["right-to-left override", "\u202e", "\\u202e"],
    ["newline", "a\nb", "a\\u000ab"],
  ])("writes %s visibly", (_name, input, output) => expect(printable(input)).toBe(output));
  it("leaves printable text, accents and emoji alone", () => expect(printable("é 😀 ~")).toBe("é 😀 ~"));
});

describe("echo", () => {
  it("quotes strings as JSON, cut and printable", () => {
    expect(echo("abc")).toBe('"abc"');
    expect(echo("\u001b")).toBe('"\\u001b"');
    expect(echo("x".repeat(500)).length).toBeLessThan(MAX_ECHO_CHARS + 30);
  });
  it("names what JSON cannot write", () => {
    expect(echo(undefined)).toBe("undefined");
    expect(echo(10n)).toBe("bigint");
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(echo(cycle)).toBe("object");
  });
});

describe("redactSecrets", () => {
  it("masks a secret quoted or bare, longest first", () => {
    expect(redactSecrets('got "abcdefghijk" and abcdefghijk', ["abcdefghijk"])).toBe(
      'got "abcd…(11 chars)" and abcd…(11 chars)',
    );
    expect(redactSecrets("xy-abcdefghijk", ["abcdefghijk", "xy-abcdefghijk"])).toBe(maskSecret("xy-abcdefghijk"));
  });
  it("masks a short secret only where quoted (3 characters: quoted only; 4: bare too)", () => {
    expect(redactSecrets('got "abc", abc', ["abc"])).toBe('got "…(3 chars)", abc');
    expect(redactSecrets("got abcd", ["abcd"])).toBe("got …(4 chars)");
  });
  it("masks a long secret in the cut form a message quotes it in", () => {
    const secret = "s".repeat(300);
    expect(redactSecrets(`got ${echo(secret)}`, [secret])).toBe(`got "${maskSecret(secret)}"`);
  });
  it("property: a masked message never contains a secret longer than its 4-character prefix", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 9, maxLength: 40 }).filter((s) => !s.includes("…")),
        fc.string(),
        (secret, around) => {
          const text = redactSecrets(`${around}${secret}${around} ${echo(secret)} ${JSON.stringify(secret)}`, [secret]);
          expect(text).not.toContain(secret);
        },
      ),
    );
  });
});

describe("oneLine", () => {
  it("is one printable line of bounded length", () => {
    const line = oneLine(`a\n${"b".repeat(5000)}\u001b`, 100);
    // eslint-disable-next-line no-control-regex
    expect(line).not.toMatch(/[\n\u001b]/);
    expect(line.length).toBeLessThan(130);
  });
});
