import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

// Runs in its own thread with its own connection: copying the WAL back into the database (and the fsync that
// follows) then never stalls the bot's event loop, which only appends to the WAL.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma("busy_timeout = 5000");
const timer = setInterval(() => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch (err) {
    parentPort.postMessage(String(err));
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

export interface Checkpointer {
  stop(): Promise<void>;
}

/** Checkpoints the WAL from a worker thread every `intervalMs`; the main connection turns its own auto-checkpoint off. */
export function startCheckpointer(path: string, intervalMs = 1000, onError: (message: string) => void = () => {}): Checkpointer {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, driver, intervalMs } });
  worker.on("message", (m) => onError(String(m)));
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
