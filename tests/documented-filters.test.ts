/**
 * No file shows a filter Cloudflare would refuse: every filter written in the
 * READMEs, the examples, the example stack config and the CLI help is parsed
 * (TypeScript with the compiler's parser, YAML, JSON) and validated against
 * Cloudflare's rules. Each file's filters are counted against the `where:`
 * keys it contains, so a filter written in a form the extractors miss fails
 * here instead of going unchecked.
 */
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import * as ts from "typescript";
import { EXAMPLE_FILTER, validateFilter } from "../components/filter";

const ROOT = path.join(__dirname, "..");
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");

/** A literal TypeScript expression as a value; anything else is a test failure to fix here. */
function literal(node: ts.Expression): unknown {
  if (ts.isObjectLiteralExpression(node)) {
    return Object.fromEntries(
      node.properties.map((p) => {
        if (!ts.isPropertyAssignment(p) || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)))
          throw new Error(`not a literal property: ${p.getText()}`);
        return [p.name.text, literal(p.initializer)];
      }),
    );
  }
  if (ts.isArrayLiteralExpression(node)) return node.elements.map(literal);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isNumericLiteral(node)) return Number(node.text);
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken)
    return -(literal(node.operand) as number);
  if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
  throw new Error(`not a literal: ${node.getText()}`);
}

/** Every object literal with a `where` property in a TypeScript text. */
function filtersInTypeScript(text: string): unknown[] {
  const found: unknown[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isObjectLiteralExpression(node) &&
      node.properties.some((p) => p.name !== undefined && ts.isIdentifier(p.name) && p.name.text === "where")
    ) {
      found.push(literal(node));
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile("block.ts", text, ts.ScriptTarget.Latest, true));
  return found;
}

/** Every mapping with a `where` key in a YAML text. */
function filtersInYaml(text: string): unknown[] {
  const found: unknown[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (typeof v === "object" && v !== null) {
      if ("where" in v) found.push(v);
      else Object.values(v).forEach(visit);
    }
  };
  yaml.loadAll(text, visit);
  return found;
}

/** Every `{"where":…}` JSON text (shell examples, help text), braces balanced. */
function filtersInJson(text: string): unknown[] {
  const found: unknown[] = [];
  // `{"where": …}` placeholders in prose are not filters.
  for (const { index: at = 0 } of text.matchAll(/\{"where":(?!\s*…)/g)) {
    let depth = 0;
    let end = at;
    for (; end < text.length; end++) {
      if (text[end] === "{") depth++;
      if (text[end] === "}" && --depth === 0) break;
    }
    found.push(JSON.parse(text.slice(at, end + 1)));
  }
  return found;
}

/** The fenced blocks of a Markdown text, by language. */
function fenced(markdown: string, language: string): string[] {
  return [...markdown.matchAll(new RegExp("^```" + language + "\\n([\\s\\S]*?)^```", "gm"))].map((m) => m[1]);
}

/** Filters in a Markdown file: its ts and yaml blocks, and JSON filters anywhere. */
function filtersInMarkdown(text: string): unknown[] {
  return [
    ...fenced(text, "ts").flatMap(filtersInTypeScript),
    ...fenced(text, "yaml").flatMap(filtersInYaml),
    ...filtersInJson(text),
  ];
}

/** Pulumi.example.yaml with its commented-out filter block made live (the key line and the lines under it). */
function uncommented(text: string): string {
  let inBlock = false;
  return text
    .split("\n")
    .map((line) => {
      if (/^ {2}# cloudflare-sekoia-logpush:filter:/.test(line)) inBlock = true;
      else if (!/^ {2}# {2,}\S/.test(line)) inBlock = false;
      return inBlock ? line.replace(/^ {2}# /, "  ") : line;
    })
    .join("\n");
}

// `where:` keys (YAML, TS) and `"where":` (JSON), but not the `{ where: … }` placeholders of prose.
const whereKeys = (text: string) => (text.match(/(?:"where"|\bwhere)\s*:(?!\s*…)/g) ?? []).length;

const SOURCES: Array<[string, (text: string) => unknown[]]> = [
  ["README.md", filtersInMarkdown],
  ["components/sandbox/README.md", filtersInMarkdown],
  ["components/sandbox/start.ts", filtersInJson],
  ["examples/many-zones/index.ts", filtersInTypeScript],
  ["examples/reuse-in-stack/index.ts", filtersInTypeScript],
  ["tests/fixtures/consumer/index.ts", filtersInTypeScript],
  ["examples/yaml/Pulumi.yaml", filtersInYaml],
  ["Pulumi.example.yaml", (text) => filtersInYaml(uncommented(text))],
];

describe("every filter the documentation shows is one Cloudflare accepts", () => {
  it.each(SOURCES)("%s", (file, extract) => {
    const text = read(file);
    const filters = extract(text);
    expect(filters.length).toBeGreaterThan(0);
    expect(filters.length).toBe(whereKeys(file === "Pulumi.example.yaml" ? uncommented(text) : text));
    for (const filter of filters)
      expect([JSON.stringify(filter), validateFilter(filter)]).toEqual([JSON.stringify(filter), []]);
  });

  it("and the example the error messages give", () => {
    expect(validateFilter(JSON.parse(EXAMPLE_FILTER))).toEqual([]);
  });

  it("the per-zone example stacks carry no filter (nothing unchecked hides there)", () => {
    for (const file of ["examples/per-zone/Pulumi.example-com.yaml", "examples/per-zone/Pulumi.shop-example-com.yaml"])
      expect(whereKeys(read(file))).toBe(0);
  });

  it("the extractors see a refused filter as refused (the test can fail)", () => {
    const bad = '```ts\nconst f = { where: { key: "Action", operator: "eq", value: "block" } };\n```\n';
    const [filter] = filtersInMarkdown(bad);
    expect(validateFilter(filter)).toEqual([expect.stringMatching(/key Action cannot be filtered/)]);
  });
});
