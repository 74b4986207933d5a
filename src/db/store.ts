export type { Store } from "./client.js";

/** Current time in Unix milliseconds; injected so tests and the watchdog can control it. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();
