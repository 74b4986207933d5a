import { setFlagsFromString } from "node:v8";

/**
 * How far V8 lets the old generation grow past what the last full collection found alive, in percent. V8's own
 * choice on a machine with a few GB of memory is up to 300% (the heap may reach four times the live objects
 * before it collects): during a 20,000-message burst the bot keeps about 35 MB alive and let its heap reach
 * 140 MB, almost all of it garbage awaiting collection. At 50% the heap stays near 50-60 MB; the price is more
 * full collections, a few milliseconds each on a heap this small (measured with bench/probe-memory.ts).
 */
export const HEAP_GROWING_PERCENT = 50;

// Set on import: main.ts imports this module first, so it runs before the other modules load. V8 reads the flag
// at every full collection, so that is early enough; it applies to the checkpoint thread's heap too.
setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
