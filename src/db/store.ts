import type { Db } from "./client.js";

/** The database or a transaction on it: rules accept either, so callers choose the transaction's extent. */
export type Store = Db | Parameters<Parameters<Db["transaction"]>[0]>[0];

/** Current time in Unix milliseconds; injected so tests and the watchdog can control it. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();
