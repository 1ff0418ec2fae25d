/**
 * Issue #12: hostile input and faults. One test (or group) per numbered
 * finding; each bomb is built here at a small scale, and memory and time are
 * bounded loosely (a 2-core shared machine): what is asserted is flat versus
 * growing, not speed.
 */
import { spawnSync } from "node:child_process";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { GUIDE_FIELDS } from "../components";
import { resolvedProblems } from "../components/firewall-events-logpush";
import { adoptionImportFile } from "../components/adopt";
import { printable } from "../components/messages";
import { parseJson } from "../components/normaliser/input";
import { componentJob } from "../components/sandbox/component-job";
import { onLocalOrigin } from "../components/sandbox/destination";
import { recordLine, runLogpushJob } from "../components/sandbox/emulator";
import { EcsFileOpenError } from "../components/sandbox/ecs-file";
import { generateRecords } from "../components/sandbox/generator";
import { startIntake, type LocalIntake } from "../components/sandbox/intake-server";
import { intakeLimitsFor, runPipeline } from "../components/sandbox/pipeline";
import { parseStackConfig } from "../components/stack-config";
import { InvalidArgumentsError, validateUploadLimit, validateZoneId } from "../components/validation";
import { BUILD_TIMEOUT_MS, privateBuild, removeBuild } from "./private-build";

const KEY = "QH6RXx8kmVq0GjHwVyUnJzY4cs2pdLoAT";
const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";
const lines = [...generateRecords(20, { seed: 12 })].map((r) => recordLine(r, GUIDE_FIELDS, "rfc3339"));

interface Answer {
  status: number;
  text: string;
  json?: { event_ids?: string[]; message?: string };
}

/** Posts a body and reads the whole answer; rejects on a reset. */
function post(intake: LocalIntake, body: Buffer | string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${intake.origin}/plain/batch`,
      { method: "POST", headers: { "X-SEKOIAIO-INTAKE-KEY": KEY, Connection: "close", ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json: Answer["json"];
          try {
            json = JSON.parse(text) as Answer["json"];
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, text, json });
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const gz = (text: string) => ({ body: gzipSync(text), headers: { "Content-Encoding": "gzip" } });

let dir: string;
const open: LocalIntake[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "hostile-"));
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((i) => i.close()));
  rmSync(dir, { recursive: true, force: true });
});
async function intake(options: Partial<Parameters<typeof startIntake>[0]> = {}): Promise<LocalIntake> {
  const i = await startIntake({ intakeKey: KEY, ecsFile: join(dir, "ecs.ndjson"), ...options });
  open.push(i);
  return i;
}

describe("1. the intake streams any body in bounded memory and caps events per request", () => {
  it("a small gzip body of a million and a half short lines → 413 (too many events), and the intake serves the next request", async () => {
    const i = await intake();
    const bomb = gz("1\n".repeat(1_500_000));
    expect(bomb.body.length).toBeLessThan(20_000); // a few KB on the wire
    const rssBefore = process.memoryUsage().rss;
    const answer = await post(i, bomb.body, bomb.headers);
    expect(answer.status).toBe(413);
    expect(answer.json?.message).toMatch(/more than 1000000 events in one request/);
    // Streamed: no copy of the 3 MB text split into 1.5 M strings and 1.5 M IDs (hundreds of MB before).
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(150 * 1024 * 1024);
    const next = await post(i, lines.join("\n"));
    expect(next.status).toBe(200);
    expect(next.json?.event_ids).toHaveLength(lines.length);
    expect(i.stats.accepted).toBe(lines.length); // nothing of the refused request was counted
  }, 60_000);

  it("validation lines count as events for the cap too (no 200 with a 60 MB answer)", async () => {
    const i = await intake({ maxEventsPerRequest: 1000 });
    const answer = await post(i, '{"content":"tests"}\n'.repeat(1001));
    expect(answer.status).toBe(413);
    expect(answer.text.length).toBeLessThan(200);
  });

  it("up to the cap, every line gets its own ID, in an answer of the announced length", async () => {
    const i = await intake({ maxEventsPerRequest: 200_000 });
    const answer = await post(i, gz("1\n".repeat(200_000)).body, { "Content-Encoding": "gzip" });
    expect(answer.status).toBe(200);
    const ids = answer.json?.event_ids ?? [];
    expect(ids).toHaveLength(200_000);
    expect(new Set(ids).size).toBe(200_000);
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  }, 60_000);

  it("a request that is cut half-way does not stop the intake", async () => {
    const i = await intake();
    await new Promise<void>((resolve) => {
      const req = http.request(`${i.origin}/plain/batch`, {
        method: "POST",
        headers: { "X-SEKOIAIO-INTAKE-KEY": KEY, "Content-Encoding": "gzip", "Content-Length": "100000" },
      });
      req.on("error", () => resolve());
      req.write(gzipSync(lines.join("\n")).subarray(0, 50));
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 100);
    });
    expect((await post(i, lines[0])).status).toBe(200);
  });
});

describe("2. an event is acknowledged only once it is written", () => {
  it("the ECS file on a full device (/dev/full): 503, nothing counted as normalised, the failure reported", async () => {
    if (!existsSync("/dev/full")) return;
    const failures: string[] = [];
    const i = await intake({ ecsFile: "/dev/full", onWriteError: (e) => failures.push(e.message) });
    const answer = await post(i, lines.join("\n"));
    expect(answer.status).toBe(503);
    expect(answer.json?.event_ids).toBeUndefined();
    expect(i.stats).toMatchObject({ accepted: 0, normalised: 0, writeFailures: 1 });
    expect(failures).toEqual(["cannot write the ECS file /dev/full (ENOSPC)"]);
  });

  it("after a 200, every event of the batch is already in the file (before the intake closes)", async () => {
    const i = await intake();
    const answer = await post(i, lines.join("\n"));
    expect(answer.status).toBe(200);
    const written = readFileSync(join(dir, "ecs.ndjson"), "utf8").trimEnd().split("\n");
    expect(written.map((l) => (JSON.parse(l) as { message: string }).message)).toEqual(lines);
  });

  it("--out naming a directory is a settings error before anything is sent", async () => {
    const out = join(dir, "a-directory");
    mkdirSync(out);
    await expect(startIntake({ intakeKey: KEY, ecsFile: out })).rejects.toThrow(EcsFileOpenError);
    await expect(startIntake({ intakeKey: KEY, ecsFile: out })).rejects.toThrow(
      /is a directory; give the path of a file/,
    );
  });

  it("npm start's pipeline stops at once on a write failure instead of retrying for minutes", async () => {
    if (!existsSync("/dev/full")) return;
    const started = Date.now();
    await expect(
      runPipeline({ args: { zoneId: ZONE }, records: generateRecords(3000, { seed: 1 }), ecsFile: "/dev/full" }),
    ).rejects.toThrow(/cannot write the ECS file \/dev\/full \(ENOSPC\)/);
    expect(Date.now() - started).toBeLessThan(9_000); // the first retry alone would wait 10 s
  }, 30_000);
});

describe("4. secrets other than the intake key are never echoed", () => {
  const SECRET_ZONE = "SECRET-zone-value-that-is-not-hex";
  it("a zoneId stored as a secret is masked in the config error", () => {
    let message = "";
    try {
      parseStackConfig({ zoneId: SECRET_ZONE, intakeKey: "K1234" }, new Set(["intakeKey", "zoneId"]));
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/zoneId must be 32 lowercase hexadecimal/);
    expect(message).not.toContain(SECRET_ZONE);
    expect(message).toContain("SECR…(33 chars)");
  });

  it("the same value, not a secret, is quoted", () => {
    expect(() => parseStackConfig({ zoneId: SECRET_ZONE, intakeKey: "K1234" }, new Set(["intakeKey"]))).toThrow(
      SECRET_ZONE,
    );
  });

  it("a secret apiTokenRotation value is masked too", () => {
    const rotation = "rotation\u0007value-secret";
    expect(() =>
      parseStackConfig(
        { zoneId: ZONE, intakeKey: "K1234", apiTokenRotation: rotation },
        new Set(["intakeKey", "apiTokenRotation"]),
      ),
    ).toThrow(/apiTokenRotation must be a non-empty string[^\n]*"rota…\(21 chars\)"/);
  });

  it("a pulumi.secret(…) zone ID that fails once resolved is masked; a plain one is quoted", () => {
    const secret = resolvedProblems(SECRET_ZONE, true, validateZoneId).join("\n");
    expect(secret).not.toContain(SECRET_ZONE);
    expect(secret).toContain("SECR…(33 chars)");
    expect(resolvedProblems(SECRET_ZONE, false, validateZoneId).join("\n")).toContain(SECRET_ZONE);
  });
});

describe("5. the sandbox accepts every setting the component accepts", () => {
  it.each([
    [{ maxUploadBytes: 1_000_000_000 }, 1_000_000_000, 1000],
    [{ maxUploadBytes: 1_000_000_000, maxUploadRecords: 0 }, 1_000_000_000, 500_000_000],
    [{ maxUploadRecords: 1_000_000 }, 1_000_000_000, 1_000_000],
  ])("%j → the intake takes %d bytes and %d events a request", (limits, bytes, events) => {
    expect(intakeLimitsFor({ zoneId: ZONE, ...limits })).toEqual({ maxBodyBytes: bytes, maxEventsPerRequest: events });
  });

  it("maxUploadBytes 1e9 end to end: delivered without one retry", async () => {
    const r = await runPipeline({
      args: { zoneId: ZONE, maxUploadBytes: 1_000_000_000, maxUploadRecords: 0 },
      records: generateRecords(3000, { seed: 5 }),
      ecsFile: join(dir, "ecs.ndjson"),
    });
    expect(r.report).toMatchObject({ delivered: 3000, dropped: 0, retries: 0, batches: 1 });
  }, 60_000);
});

describe("6. duplicates are counted by RayID (and record) at the intake", () => {
  it("a batch sent again is counted once per event; distinct events sharing a RayID are not duplicates", async () => {
    const i = await intake();
    await post(i, lines.join("\n"));
    await post(i, lines.slice(0, 12).join("\n"));
    const sameRay = JSON.stringify({ ...(JSON.parse(lines[0]) as object), RuleID: "another-rule" });
    await post(i, sameRay);
    expect(i.stats).toMatchObject({ accepted: 33, normalised: 33, duplicates: 12 });
  });
});

describe("6. at-least-once delivery, end to end", () => {
  it("an answer lost after the intake accepted the batch: the batch is sent again and its events counted as duplicates", async () => {
    const i = await intake();
    // A proxy that loses the intake's first answer to a batch of events (not to the validation upload).
    let lose = 1;
    const proxy = http.createServer((req, res) => {
      const upstream = http.request(`${i.origin}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
        const events = Number(answer.headers["content-length"]) > 100;
        if (events && lose-- > 0) return void req.socket.destroy();
        res.writeHead(answer.statusCode ?? 500, answer.headers);
        answer.pipe(res);
      });
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    try {
      const declared = await componentJob({ zoneId: ZONE, intakeKey: KEY });
      const origin = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      const report = await runLogpushJob(
        { ...declared, destinationConf: onLocalOrigin(declared.destinationConf, origin) },
        generateRecords(1500, { seed: 9 }),
        { retry: { delaysMs: [5, 10], timeoutMs: 5000 }, concurrency: 1 },
      );
      expect(report).toMatchObject({ delivered: 1500, dropped: 0, retries: 1 });
      expect(i.stats).toMatchObject({ accepted: 2500, duplicates: 1000 }); // the first batch, twice
      expect(readFileSync(join(dir, "ecs.ndjson"), "utf8").trimEnd().split("\n")).toHaveLength(2500);
    } finally {
      proxy.closeAllConnections();
      proxy.close();
    }
  }, 30_000);
});

describe("7. smaller", () => {
  it("a bad JSON line's message quotes neither the line nor a control character", () => {
    const bad = parseJson("SECRETKEYabc");
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.reason).toBe("not valid JSON: Unexpected token 'S'");
      expect(bad.reason).not.toContain("SECRETKEY");
    }
    const esc = parseJson("\u001b[31mred");
    if (!esc.ok) expect(esc.reason).toBe("not valid JSON: Unexpected token U+001B");
  });

  it("a 5 MB zoneId gives a message of bounded length", () => {
    const [problem] = validateZoneId("z".repeat(5_000_000));
    expect(problem.length).toBeLessThan(400);
    expect(problem).toMatch(/…\(5000000 chars\)/);
  });

  it("escape sequences in an echoed value are made visible", () => {
    const [problem] = validateZoneId("\u001b]0;pwned\u0007\u009b31m");
    // eslint-disable-next-line no-control-regex
    expect(problem).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(printable("a\u202eb")).toBe("a\\u202eb");
  });

  it("a plain body above the limit gets 413, not a reset", async () => {
    const i = await intake({ maxBodyBytes: 1024 * 1024 });
    const answer = await post(i, Buffer.alloc(3 * 1024 * 1024, "a"));
    expect(answer.status).toBe(413);
    expect(answer.json?.message).toMatch(/body above 1048576 bytes/);
    expect((await post(i, lines[0])).status).toBe(200);
  });

  it("adopt refuses a component name with a newline or '::'", () => {
    expect(() => adoptionImportFile(ZONE, "147", "site\nx")).toThrow(/componentName must be 1 to 100 letters/);
    expect(() => adoptionImportFile(ZONE, "147", "a::b")).toThrow(/componentName/);
    expect(adoptionImportFile(ZONE, "147", "site.prod_1").resources[0].name).toBe("site.prod_1");
  });

  it('maxUploadBytes "-0" is refused; 0 (off) still passes', () => {
    expect(validateUploadLimit(-0, "maxUploadBytes")).toEqual([expect.stringMatching(/got -0$/)]);
    expect(validateUploadLimit(0, "maxUploadBytes")).toEqual([]);
    expect(() =>
      parseStackConfig({ zoneId: ZONE, intakeKey: "K1234", maxUploadBytes: "-0" }, new Set(["intakeKey"])),
    ).toThrow(/maxUploadBytes must be .* got -0/);
  });

  it("invalid UTF-8 in the intake is counted, not silently replaced", async () => {
    const i = await intake();
    const bad = Buffer.concat([Buffer.from(lines[0].slice(0, -2)), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    const answer = await post(i, bad);
    expect(answer.status).toBe(200);
    expect(i.stats.invalidUtf8).toBe(1);
  });
});

describe("7. the CLIs end cleanly on a failing output", () => {
  let BUILD = "";
  beforeAll(() => {
    BUILD = privateBuild("hostile-test", [join("components", "normaliser", "cli.js")]);
  }, BUILD_TIMEOUT_MS);
  afterAll(() => removeBuild(BUILD));
  const run = (cli: string, args: string[], input?: string) =>
    spawnSync(
      "sh",
      ["-c", `"${process.execPath}" "${join(BUILD, "components", cli)}" "$@" > /dev/full`, "sh", ...args],
      {
        input,
        encoding: "utf8",
      },
    );

  it("normalise > /dev/full: one line, status 1, no stack trace", () => {
    if (!existsSync("/dev/full")) return;
    const r = run("normaliser/cli.js", [], lines.join("\n").repeat(1) + "\n");
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(/^normalise: cannot write the output \(ENOSPC\)/),
    ]);
  });

  it("adopt > /dev/full: one line, status 1", () => {
    if (!existsSync("/dev/full")) return;
    const r = run("adopt-cli.js", [ZONE, "147"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("adopt: cannot write the import file (ENOSPC)\n");
  });

  it("verify --help > /dev/full: one line, status 1, no stack trace", () => {
    if (!existsSync("/dev/full")) return;
    const r = run("verify/cli.js", ["--help"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("verify: cannot write the output (ENOSPC)\n");
  });

  it("normalise | a reader that closes early: one line, status 0", () => {
    const r = spawnSync(
      "sh",
      [
        "-c",
        `yes '${lines[0]}' | head -n 200000 | "${process.execPath}" "${join(BUILD, "components", "normaliser", "cli.js")}" | head -c 10 > /dev/null`,
      ],
      { encoding: "utf8" },
    );
    expect(r.stderr).toMatch(/^normalise: standard output was closed by its reader; stopped after \d+ events\n$/);
  }, 60_000);
});

describe("7. component arguments: the resource name in a message is bounded and printable too", () => {
  it("a name with an escape sequence", () => {
    const error = new InvalidArgumentsError(`FirewallEventsLogpush "a\u001b[2Jb"`, ["zoneId must be …"]);
    expect(error.message.split("\n")[0]).toBe('FirewallEventsLogpush "a\\u001b[2Jb": invalid arguments:');
  });
});
