import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/**
 * Past this size the WAL is truncated even while the bot is writing. A TRUNCATE checkpoint holds the write lock,
 * so commits wait for it (a few milliseconds: the PASSIVE checkpoint just before has copied almost everything).
 */
export const WAL_TRUNCATE_ABOVE_BYTES = 64 * 1024 * 1024;
/** When SQLite itself restarts the WAL after a full checkpoint, it cuts the file back to this size (`journal_size_limit`). */
export const WAL_SIZE_LIMIT_BYTES = 16 * 1024 * 1024;

// Plain JavaScript evaluated in the worker thread, so it runs the same under `node --import tsx` and under vitest.
// Each tick: a PASSIVE checkpoint (never blocks anyone), then a TRUNCATE checkpoint when the WAL is past the
// bound, or when nothing was written since the last tick (idle) and the file still has content. PASSIVE alone
// never shrinks the file, and under steady writes it never catches up, so the WAL would only grow.
// The TRUNCATE waits at most `truncateWaitMs` for readers and writers (busy_timeout) and otherwise tries again
// next tick: it holds the write lock while waiting, and the bot's commits (busy_timeout 5 s) must never time out.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { statSync } = require("node:fs");
const Database = require(workerData.driver);
const db = new Database(workerData.path);
const walPath = workerData.path + "-wal";
let lastLog = -1;
function walBytes() {
  try { return statSync(walPath).size; } catch { return 0; }
}
function tick() {
  db.pragma("busy_timeout = 5000");
  const [passive] = db.pragma("wal_checkpoint(PASSIVE)");
  const idle = passive.log === lastLog && passive.log === passive.checkpointed;
  lastLog = passive.log;
  const size = walBytes();
  if (size === 0 || (!idle && size <= workerData.truncateAboveBytes)) return;
  db.pragma("busy_timeout = " + workerData.truncateWaitMs);
  const [truncate] = db.pragma("wal_checkpoint(TRUNCATE)");
  if (!truncate.busy) lastLog = 0;
  parentPort.postMessage({ type: "truncated", before: size, after: walBytes(), busy: truncate.busy === 1 });
}
const timer = setInterval(() => {
  try {
    tick();
  } catch (err) {
    parentPort.postMessage({ type: "error", message: String(err) });
  }
}, workerData.intervalMs);
parentPort.on("message", (m) => {
  if (m === "stop") {
    clearInterval(timer);
    db.close();
    parentPort.close();
  }
});
`;

export interface CheckpointerOptions {
  intervalMs?: number;
  /** Truncate under load once the WAL file is larger than this. */
  truncateAboveBytes?: number;
  /** How long a TRUNCATE checkpoint may wait for readers and writers before it gives up until the next tick. */
  truncateWaitMs?: number;
  onError?: (message: string) => void;
  /** Each TRUNCATE attempt: the WAL's size before and after, and whether readers or writers made it give up. */
  onTruncate?: (event: { before: number; after: number; busy: boolean }) => void;
}

export interface Checkpointer {
  stop(): Promise<void>;
}

/**
 * Checkpoints the WAL from a worker thread with its own connection, so copying it back into the database (and the
 * fsync that follows) never stalls the bot's event loop; the main connection turns its own auto-checkpoint off.
 */
export function startCheckpointer(path: string, options: CheckpointerOptions = {}): Checkpointer {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const workerData = {
    path,
    driver,
    intervalMs: options.intervalMs ?? 500,
    truncateAboveBytes: options.truncateAboveBytes ?? WAL_TRUNCATE_ABOVE_BYTES,
    truncateWaitMs: options.truncateWaitMs ?? 200,
  };
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData });
  worker.on("message", (m: { type: "error"; message: string } | { type: "truncated"; before: number; after: number; busy: boolean }) => {
    if (m.type === "error") options.onError?.(m.message);
    else options.onTruncate?.(m);
  });
  worker.unref();
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        // Unreferenced so it never keeps the process alive on its own; while stopping, it must.
        worker.ref();
        worker.once("exit", () => resolve());
        worker.postMessage("stop");
      }),
  };
}
