import { Worker } from "node:worker_threads";
import type { CheckpointThreadCommand, CheckpointThreadData, CheckpointThreadMessage } from "./checkpoint-thread.js";

/**
 * Past this size the WAL is truncated even while the bot is writing. A TRUNCATE checkpoint holds the write lock,
 * so commits wait for it (a few milliseconds: the PASSIVE checkpoint just before has copied almost everything).
 */
export const WAL_TRUNCATE_ABOVE_BYTES = 64 * 1024 * 1024;
/** When SQLite itself restarts the WAL after a full checkpoint, it cuts the file back to this size (`journal_size_limit`). */
export const WAL_SIZE_LIMIT_BYTES = 16 * 1024 * 1024;

/**
 * The thread's code is a module beside this one: `.ts` when the bot runs from source (`node --import tsx`,
 * vitest), `.js` once compiled. A worker thread does not inherit tsx's loader on Node 20, so from source a
 * one-line bootstrap registers tsx in the thread before importing the module.
 */
function startThread(workerData: CheckpointThreadData): Worker {
  const fromSource = import.meta.url.endsWith(".ts");
  const thread = new URL(fromSource ? "./checkpoint-thread.ts" : "./checkpoint-thread.js", import.meta.url);
  if (!fromSource) return new Worker(thread, { workerData });
  const tsx = import.meta.resolve("tsx/esm/api");
  const bootstrap = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(thread.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}

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
  const worker = startThread({
    path,
    intervalMs: options.intervalMs ?? 500,
    truncateAboveBytes: options.truncateAboveBytes ?? WAL_TRUNCATE_ABOVE_BYTES,
    truncateWaitMs: options.truncateWaitMs ?? 200,
  });
  worker.on("message", (m: CheckpointThreadMessage) => {
    if (m.type === "error") options.onError?.(m.message);
    else options.onTruncate?.(m);
  });
  // A thread that cannot start (or dies) is reported like a failed checkpoint, never as a crash of the bot.
  worker.on("error", (err) => options.onError?.(String(err)));
  // A thread that died (reported through onError) has nothing left to stop: stopping must not wait for it.
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  worker.unref();
  return {
    stop: () => {
      // Unreferenced so it never keeps the process alive on its own; while stopping, it must.
      worker.ref();
      worker.postMessage("stop" satisfies CheckpointThreadCommand);
      return exited;
    },
  };
}
