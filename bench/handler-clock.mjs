// Loaded with --import into the bot process during inbound runs only: times grammY's handleUpdate (which
// long polling calls for each update) and writes the times to BENCH_HANDLER_TIMES when the process exits.
// Its cost is two clock reads and a push per update; start-up is never measured with it loaded. Plain JavaScript,
// so the bot runs without tsx, as `npm start` runs it (tsx alone adds about 40 MB of resident memory).
import { writeFileSync } from "node:fs";
import { Bot } from "grammy";

const out = process.env.BENCH_HANDLER_TIMES;
if (out) {
  const times = [];
  const original = Bot.prototype.handleUpdate;
  Bot.prototype.handleUpdate = async function (...args) {
    const t0 = performance.now();
    try {
      return await original.apply(this, args);
    } finally {
      times.push(performance.now() - t0);
    }
  };
  process.on("exit", () => writeFileSync(out, JSON.stringify(times)));
}
