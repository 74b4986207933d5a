// Loaded with --import into the bot process during inbound runs only: collects how long grammY's handling of
// each update took, as polling publishes it on a diagnostics channel (src/bot/polling.ts; the bundle carries
// its own grammY, so patching the package's Bot would not reach it), and writes the times to
// BENCH_HANDLER_TIMES when the process exits. Its cost is two clock reads and a push per update; start-up is
// never measured with it loaded. Plain JavaScript, so the bot runs without tsx, as `npm start` runs it.
import { subscribe } from "node:diagnostics_channel";
import { writeFileSync } from "node:fs";

const out = process.env.BENCH_HANDLER_TIMES;
if (out) {
  const times = [];
  subscribe("operator-console:update-handled", (message) => times.push(message.ms));
  process.on("exit", () => writeFileSync(out, JSON.stringify(times)));
}
