/** Blocked output: lines given as text or as bytes come out in order, each once, whatever their size. */
import { Writable } from "node:stream";
import { BlockOutput, LineBlocks } from "../components/normaliser/output";

function sink(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(Buffer.from(chunk)); // blocks are reused by nobody, but copy to be sure of what was written
      done();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString("utf8") };
}

/** Writes a line straight into the block being filled, as the event writer does (in an empty block when it does not fit). */
function writeInPlace(blocks: LineBlocks, line: string): void {
  const bytes = Buffer.from(line);
  if (blocks.used + bytes.length + 1 > blocks.block.length) blocks.fresh();
  bytes.copy(blocks.block, blocks.used);
  blocks.endInPlace(blocks.used + bytes.length);
}

describe("BlockOutput", () => {
  it("writes lines written in place and text lines in order, across blocks, a line larger than a block included", async () => {
    const { stream, text } = sink();
    const output = new BlockOutput(stream);
    const expected: string[] = [];
    for (let i = 0; i < 2000; i++) {
      // Mostly 1 KB lines (many blocks), one of 300 KB (above the 256 KB block), some non-ASCII.
      const line = i === 1000 ? "x".repeat(300 * 1024) : `${i}:${"é€".repeat(i % 7)}${"a".repeat(1000)}`;
      if (i % 2 === 0 && i !== 1000) writeInPlace(output, line);
      else output.line(line);
      expected.push(line);
      if (i % 100 === 0) await output.flush();
    }
    await output.flush();
    expect(text()).toBe(`${expected.join("\n")}\n`);
  });
});

describe("LineBlocks.take", () => {
  it("hands over a short block as its own copy, which later lines do not change", () => {
    const blocks = new LineBlocks();
    blocks.line("first");
    const [taken, ...rest] = blocks.take();
    expect(rest).toEqual([]);
    expect(taken.toString("utf8")).toBe("first\n");
    expect(taken.buffer.byteLength).toBeLessThan(64 * 1024); // not a view of the 256 KB block
    blocks.line("XXXXX");
    expect(taken.toString("utf8")).toBe("first\n");
    expect(Buffer.concat(blocks.take()).toString("utf8")).toBe("XXXXX\n");
    expect(blocks.take()).toEqual([]);
  });

  it("hands over full blocks and the rest, in order", () => {
    const blocks = new LineBlocks();
    const line = "b".repeat(100 * 1024);
    writeInPlace(blocks, line);
    expect(blocks.ready).toBe(false);
    writeInPlace(blocks, line);
    expect(blocks.ready).toBe(false);
    writeInPlace(blocks, line);
    expect(blocks.ready).toBe(true); // the third does not fit: the first block is full
    expect(Buffer.concat(blocks.take()).toString("utf8")).toBe(`${line}\n`.repeat(3));
  });
});
