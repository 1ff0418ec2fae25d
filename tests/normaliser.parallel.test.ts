/**
 * `--jobs` keeps its threads busy across files: one queue spans the inputs, so
 * the next file's batches are sent before the previous file's answers are in
 * (a month of Logpush archives is thousands of files of about one batch each),
 * and everything is still written in input order, a read fault in its place.
 */
import { Readable, Writable } from "node:stream";
import { normaliseBatch, type BatchResult } from "../components/normaliser/batch";
import type { Batch } from "../components/normaliser/batches";
import { noCounts } from "../components/normaliser/line";
import { LineReports } from "../components/normaliser/line-reports";
import { InputsInWorkers } from "../components/normaliser/parallel";
import type { WorkerPool } from "../components/normaliser/pool";
import { syntheticLines } from "../components/normaliser/synthetic";
import { EventWriter } from "../components/normaliser/writer";

const OPTIONS = { keepOriginal: false, pretty: false };
const writer = new EventWriter();

/** A stand-in pool: records what it is sent, answers only when told (as a worker would, in order). */
function heldPool(): { pool: WorkerPool; sent: string[]; answerAll: () => void } {
  const sent: string[] = [];
  const held: (() => void)[] = [];
  const pool = {
    run: (batch: Batch) => {
      sent.push(batch.bytes.toString("utf8"));
      return new Promise<BatchResult>((resolve) =>
        held.push(() => resolve(normaliseBatch(writer, OPTIONS, batch.bytes, batch.first))),
      );
    },
  } as unknown as WorkerPool;
  return { pool, sent, answerAll: () => held.splice(0).forEach((answer) => answer()) };
}

function sink(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString("utf8") };
}

/** Inputs through a held pool, at most `inFlight` batches in flight, events written to `out`. */
function run(inFlight: number) {
  const { pool, sent, answerAll } = heldPool();
  const out = sink();
  const totals = { ...noCounts(), warnings: 0 };
  const stdout = out.stream;
  const options = OPTIONS;
  const workers = new InputsInWorkers(
    { pool, inFlight, batchBytes: 1 << 20, options, writer, stdout, unlessOutputFailed: (p) => p },
    totals,
  );
  return { sent, answerAll, out, totals, workers };
}

describe("InputsInWorkers", () => {
  it("sends the next files' batches before the first file's answer is in, and writes all in input order", async () => {
    const [a, b, c] = syntheticLines(3, 4, "rfc3339");
    const { sent, answerAll, out, totals, workers } = run(4);
    const err = sink();
    const failures: string[] = [];
    const add = (text: string, name: string, fault?: Error) =>
      workers.add(
        Readable.from(
          (async function* () {
            yield Buffer.from(text);
            if (fault !== undefined) throw fault;
          })(),
        ),
        new LineReports(err.stream, `${name}: `, totals),
        () => {
          failures.push(name);
          err.stream.write(`${name}: cannot read\n`);
        },
      );
    await add(`${a}\n`, "one");
    await add(`${b}\n`, "two", new Error("broken"));
    await add(`${c}\n`, "three");
    // No answer yet, and every file's batch is already with the pool.
    expect(sent).toEqual([`${a}\n`, `${b}\n`, `${c}\n`]);
    expect(failures).toEqual([]);
    answerAll();
    await workers.finish();
    const event = (line: string) => {
      const length = writer.write(line, undefined);
      return writer.bytes.toString("utf8", 0, length);
    };
    expect(out.text()).toBe(`${event(a)}\n${event(b)}\n${event(c)}\n`);
    expect(failures).toEqual(["two"]); // after file two's lines were written, before file three's
    expect(totals.events).toBe(3);
  }, 5_000); // a queue that drained at each file's end would wait here for ever

  it("holds at most inFlight batches: the next is sent only once the oldest is written", async () => {
    const lines = [...syntheticLines(5, 6, "rfc3339")];
    const { sent, answerAll, out, totals, workers } = run(2);
    const adding = (async () => {
      for (const line of lines)
        await workers.add(
          Readable.from([Buffer.from(`${line}\n`)]),
          new LineReports(out.stream, "", totals),
          () => undefined,
        );
    })();
    const tick = () => new Promise((resolve) => setImmediate(resolve));
    await tick();
    expect(sent).toHaveLength(2); // the third waits for the first to be written
    for (let round = 0; round < 10 && sent.length < lines.length; round++) {
      answerAll();
      await tick();
      expect(sent.length - totals.events).toBeLessThanOrEqual(2);
    }
    expect(sent).toHaveLength(lines.length);
    answerAll();
    await adding;
    await workers.finish();
    expect(totals.events).toBe(5);
  });
});
