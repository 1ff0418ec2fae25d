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

describe("BlockOutput", () => {
  it("writes byte lines and text lines in order, across blocks, a line larger than a block included", async () => {
    const { stream, text } = sink();
    const output = new BlockOutput(stream);
    const scratch = Buffer.alloc(600 * 1024);
    const expected: string[] = [];
    for (let i = 0; i < 2000; i++) {
      // Mostly 1 KB lines (many blocks), one of 300 KB (above the 256 KB block), some non-ASCII.
      const line = i === 1000 ? "x".repeat(300 * 1024) : `${i}:${"é€".repeat(i % 7)}${"a".repeat(1000)}`;
      if (i % 2 === 0) {
        const length = scratch.write(line, 0);
        output.lineBytes(scratch, length);
        scratch.fill(0x21, 0, length); // the caller may reuse its buffer at once
      } else output.line(line);
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
    const line = Buffer.from("b".repeat(100 * 1024));
    expect(blocks.lineBytes(line, line.length)).toBe(false);
    expect(blocks.lineBytes(line, line.length)).toBe(false);
    expect(blocks.lineBytes(line, line.length)).toBe(true); // the third does not fit: the first block is full
    expect(Buffer.concat(blocks.take()).toString("utf8")).toBe(`${line}\n`.repeat(3));
  });
});
