/**
 * A worker thread of the CLI's `--jobs`: normalises the batches the main
 * thread sends, in the order sent, and sends back each one's results (its
 * events' bytes transferred, not copied).
 */
import { parentPort, workerData } from "node:worker_threads";
import { normaliseBatch } from "./batch";
import type { LineOptions } from "./line";
import { EventWriter } from "./writer";

/** A batch to normalise: its bytes (transferred) and whether it starts the input. */
export interface BatchRequest {
  readonly bytes: ArrayBuffer;
  readonly first: boolean;
}

if (parentPort === null) throw new Error("jobs-worker.js runs as a worker thread of the normaliser CLI");
const port = parentPort;
const options = workerData as LineOptions;
/** This thread's writer: its caches are bounded and shared by every batch the thread normalises. */
const writer = new EventWriter();

port.on("message", (request: BatchRequest) => {
  const result = normaliseBatch(writer, options, Buffer.from(request.bytes), request.first);
  port.postMessage(result, [result.output]);
});
