/** The destination as Logpush reads it: header_ parameters become headers; the sandbox stays on this machine. */
import { sekoiaDestination } from "../components";
import { maskSecret, onLocalOrigin, parseDestination, redactDestination } from "../components/sandbox/destination";

const KEY = "QH6RXx8kmVq0GjHwVyUnJzY4cs2pdLoAT";

it("each header_ parameter becomes a header, URL-decoded, and leaves the URL", () => {
  const t = parseDestination(
    "http://127.0.0.1:9000/plain/batch?header_X-SEKOIAIO-INTAKE-KEY=ab%2Bc%3Ad&header_X-Other=1&keep=yes",
  );
  expect(t.headers).toEqual({ "X-SEKOIAIO-INTAKE-KEY": "ab+c:d", "X-Other": "1" });
  expect(t.url.toString()).toBe("http://127.0.0.1:9000/plain/batch?keep=yes");
});

it("the component's destination, moved to the local origin, keeps its path and key parameter", () => {
  for (const region of ["FRA1", "USA1"] as const) {
    const moved = onLocalOrigin(sekoiaDestination(region, KEY), "http://127.0.0.1:4321");
    expect(moved).toBe(sekoiaDestination(region, KEY).replace(/^https:\/\/[^/]+/, "http://127.0.0.1:4321"));
    expect(parseDestination(moved).headers).toEqual({ "X-SEKOIAIO-INTAKE-KEY": KEY });
  }
});

it.each([
  "https://intake.sekoia.io/plain/batch?header_X-SEKOIAIO-INTAKE-KEY=k",
  "http://192.0.2.1/plain/batch",
  "http://intake.example/plain/batch",
])("never sends anywhere but this machine: %s", (dest) => {
  expect(() => parseDestination(dest)).toThrow(/only to a local intake/);
});

it("the key never appears in full in what is printed", () => {
  const dest = sekoiaDestination("FRA1", KEY);
  expect(redactDestination(dest)).toBe(
    "https://intake.sekoia.io/plain/batch?header_X-SEKOIAIO-INTAKE-KEY=QH6R…(33 chars)",
  );
  expect(maskSecret("short")).not.toContain("short");
  let message = "";
  try {
    parseDestination(`not a url ${KEY}`);
  } catch (e) {
    message = (e as Error).message;
  }
  expect(message).toMatch(/not a URL/);
  expect(message).not.toContain(KEY.slice(0, 8));
});
