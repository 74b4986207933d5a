import { statSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

/** What startCheckpointer hands the thread. */
export interface CheckpointThreadData {
  path: string;
  intervalMs: number;
  truncateAboveBytes: number;
  truncateWaitMs: number;
}

/** What the thread tells the bot. */
export type CheckpointThreadMessage =
  | { type: "error"; message: string }
  | { type: "truncated"; before: number; after: number; busy: boolean };

/** What the bot tells the thread. */
export type CheckpointThreadCommand = "stop";

interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

if (!parentPort) throw new Error("checkpoint-thread runs only as a worker thread (startCheckpointer starts it)");
const port = parentPort;
const options = workerData as CheckpointThreadData;
const db = new Database(options.path);
const walPath = `${options.path}-wal`;
let lastLog = -1;

function walBytes(): number {
  try {
    return statSync(walPath).size;
  } catch {
    return 0;
  }
}

function checkpoint(mode: "PASSIVE" | "TRUNCATE"): CheckpointResult {
  const [result] = db.pragma(`wal_checkpoint(${mode})`) as CheckpointResult[];
  if (!result) throw new Error(`wal_checkpoint(${mode}) returned no row`);
  return result;
}

function send(message: CheckpointThreadMessage): void {
  port.postMessage(message);
}

// Each tick: a PASSIVE checkpoint (never blocks anyone), then a TRUNCATE checkpoint when the WAL is past the
// bound, or when nothing was written since the last tick (idle) and the file still has content. PASSIVE alone
// never shrinks the file, and under steady writes it never catches up, so the WAL would only grow.
// The TRUNCATE waits at most `truncateWaitMs` for readers and writers (busy_timeout) and otherwise tries again
// next tick: it holds the write lock while waiting, and the bot's commits (busy_timeout 5 s) must never time out.
function tick(): void {
  db.pragma("busy_timeout = 5000");
  const passive = checkpoint("PASSIVE");
  const idle = passive.log === lastLog && passive.log === passive.checkpointed;
  lastLog = passive.log;
  const size = walBytes();
  if (size === 0 || (!idle && size <= options.truncateAboveBytes)) return;
  db.pragma(`busy_timeout = ${options.truncateWaitMs}`);
  const truncate = checkpoint("TRUNCATE");
  if (!truncate.busy) lastLog = 0;
  send({ type: "truncated", before: size, after: walBytes(), busy: truncate.busy === 1 });
}

const timer = setInterval(() => {
  try {
    tick();
  } catch (err) {
    send({ type: "error", message: String(err) });
  }
}, options.intervalMs);

port.on("message", (command: CheckpointThreadCommand) => {
  if (command === "stop") {
    clearInterval(timer);
    db.close();
    port.close();
  }
});
