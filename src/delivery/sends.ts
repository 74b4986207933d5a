import type { Store } from "../db/store.js";

/** Writes what a successful send produced (message ids for threading and edits), in the worker's transaction. */
export type Recorder = (tx: Store) => void;

/** Where in the destination's chat a send goes: a topic of the threaded inbox, or the chat itself. */
export interface Lane {
  message_thread_id?: number;
}
