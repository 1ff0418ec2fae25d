/** Types for `uap-ref-impl` (the ua-parser reference implementation), which ships none. */
declare module "uap-ref-impl" {
  /** Builds a parser from uap-core's regexes (the parsed regexes.yaml). */
  function makeParser(regexes: unknown): makeParser.UapParser;
  namespace makeParser {
    interface UapVersioned {
      family: string | null | undefined;
      major: string | null;
      minor: string | null;
      patch: string | null;
    }
    interface UapResult {
      ua: UapVersioned;
      os: UapVersioned & { patchMinor: string | null };
      device: { family: string | null | undefined; brand: string | null; model: string | null };
    }
    interface UapParser {
      parse(userAgent: string): UapResult;
    }
  }
  export = makeParser;
}
