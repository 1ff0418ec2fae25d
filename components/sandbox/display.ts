/**
 * Console output of `npm start`: one event side by side, the raw Logpush line
 * and the ECS event SEKOIA shows for it, each pretty-printed in its column.
 */

/** Two texts in two columns of at most `width` characters; long lines are cut with "…". */
export function sideBySide(left: string, right: string, width: number, titles: readonly [string, string]): string {
  const leftWidth = Math.min(width, Math.max(titles[0].length, ...left.split("\n").map((l) => l.length)));
  const cut = (s: string, w: number) => (s.length > w ? s.slice(0, w - 1) + "…" : s.padEnd(w));
  const a = [titles[0], "-".repeat(Math.min(width, titles[0].length)), ...left.split("\n")];
  const b = [titles[1], "-".repeat(Math.min(width, titles[1].length)), ...right.split("\n")];
  const rows = Math.max(a.length, b.length);
  const out: string[] = [];
  for (let i = 0; i < rows; i++) out.push(`${cut(a[i] ?? "", leftWidth)}  │  ${cut(b[i] ?? "", width)}`.trimEnd());
  return out.join("\n");
}

/**
 * An object as `dotted.key  value` lines, one per leaf, in order: compact
 * enough to read a raw record and its ECS event side by side.
 */
export function flatLines(value: Record<string, unknown>): string {
  const out: string[] = [];
  const walk = (v: unknown, path: string) => {
    if (v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length > 0) {
      for (const [k, child] of Object.entries(v)) walk(child, path ? `${path}.${k}` : k);
    } else out.push(`${path}  ${JSON.stringify(v)}`);
  };
  walk(value, "");
  return out.join("\n");
}

/** A byte count for people: "512 B", "1.9 MB". */
export function humanBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
