// `npm run bench`: the console's figures on this machine, printed as a table and written to bench/results.json.
import { writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { resolve } from "node:path";
import { scratch } from "./common.js";
import { deliveryAtLimit } from "./delivery.js";
import { fanout } from "./fanout.js";
import { bareBaseline, inboundCapacity } from "./inbound.js";
import { generateStore, measureProcess, measureStore } from "./scale.js";

const quick = process.argv.includes("--quick");
const rows: Array<[string, string, string]> = [];
const row = (what: string, value: string, target = "") => {
  rows.push([what, value, target]);
  console.log(`  ${what}: ${value}${target ? `   (target ${target})` : ""}`);
};
const n = (x: number, digits = 0) => x.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

console.log(`Operator console benchmark — Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? "?"})${quick ? ", quick run" : ""}\n`);

console.log("1. Inbound capacity (real bot, long polling, delivery paused, 10 operators)");
const inbound = [];
for (const clients of [1, 100, 10_000]) {
  const messages = quick ? 3_000 : 20_000;
  const f = await inboundCapacity(clients, messages);
  inbound.push(f);
  row(`${n(clients)} client(s)`, `${n(f.perSecond)} msg/s, handler p50 ${n(f.handlerP50Ms, 2)} ms, p99 ${n(f.handlerP99Ms, 2)} ms, CPU ${n(f.cpuPerMessageUs)} µs/msg`, "≥ 3,000 msg/s");
  const mb = (bytes = 0) => `${n(bytes / 1024 / 1024, 1)} MB`;
  row(`  WAL file`, `peak ${mb(f.walPeakBytes)}, after the burst ${mb(f.walAfterBurstBytes)}, after idle ${mb(f.walAfterIdleBytes)}`, "bounded; 0 when idle");
}

console.log("\n2. Baseline: a bare grammY bot copying each message to one operator");
const bare = await bareBaseline(100, quick ? 3_000 : 20_000);
row("bare bot", `${n(bare.perSecond)} msg/s, CPU ${n(bare.cpuPerMessageUs)} µs/msg`);
const ours = inbound[1]!;
const wallRatio = bare.perSecond / ours.perSecond;
const cpuRatio = ours.cpuPerMessageUs / bare.cpuPerMessageUs;
row("cost ratio, ours / bare (100 clients)", `${n(wallRatio, 2)}x by time per message, ${n(cpuRatio, 2)}x by CPU per message`, "≤ 3x");

console.log("\n3. Delivery at Telegram's limit (fake answers 429 beyond 30/s overall or 1/s per chat; 60 operators)");
const burst = await deliveryAtLimit(quick ? 20 : 120, 36);
row(`${burst.seconds} s burst offered at ${burst.offeredPerSecond} msg/s`, `${n(burst.sendsPerSecond, 1)} sends/s = ${n(burst.allowanceUsedPercent)}% of the allowance, ${burst.tooManyRequests} × 429, latency p50 ${n(burst.latencyP50Ms)} ms, p99 ${n(burst.latencyP99Ms)} ms`, "≥ 90%, 0 × 429");
const steady = await deliveryAtLimit(quick ? 10 : 30, 27);
row(`${steady.seconds} s steady at ${steady.offeredPerSecond} msg/s (90%)`, `${n(steady.sendsPerSecond, 1)} sends/s, ${steady.tooManyRequests} × 429, latency p50 ${n(steady.latencyP50Ms, 1)} ms, p99 ${n(steady.latencyP99Ms, 1)} ms`);

console.log("\n4. API calls per client message (10 operators, 100 clients, half the chats assigned)");
const mixes: Array<[string, Parameters<typeof fanout>[1]]> = [
  ["everyone on all chats", Array(10).fill("all")],
  ["everyone on new and mine", Array(10).fill("new_and_mine")],
  ["mix: 2 all, 6 new and mine, 2 mine", ["all", "all", "new_and_mine", "new_and_mine", "new_and_mine", "new_and_mine", "new_and_mine", "new_and_mine", "mine", "mine"]],
];
const fanouts = [];
for (const [name, filters] of mixes) {
  const f = await fanout(name, filters, 100, quick ? 300 : 1_000);
  fanouts.push(f);
  row(name, `${n(f.callsPerMessage, 2)} calls/msg, rules' minimum ${n(f.minimumPerMessage, 2)}`, "= minimum");
}

console.log("\n5. Scale of the store");
const tmp = scratch();
const path = resolve(tmp.dir, "big.sqlite");
const chats = quick ? 10_000 : 100_000;
const messages = quick ? 100_000 : 1_000_000;
const t0 = performance.now();
generateStore(path, chats, messages);
row("generated", `${n(chats)} chats, ${n(messages)} messages in ${n((performance.now() - t0) / 1000, 1)} s`);
const store = measureStore(path, chats, messages);
row("/chats list, first page", `${n(store.listMs, 2)} ms`, "< 20 ms");
row("filtered list (one operator, open)", `${n(store.filteredListMs, 2)} ms`, "< 20 ms");
row("filtered list (unassigned, open)", `${n(store.unassignedListMs, 2)} ms`, "< 20 ms");
row("report, 30 days", `${n(store.report30dMs)} ms`, "< 500 ms");
const proc = await measureProcess(path);
row("bot process: /chats answered in", `${n(proc.chatsCommandMs)} ms (through long polling)`);
row("bot process: /report 30d answered in", `${n(proc.reportCommandMs)} ms`);
row("bot process resident memory", `${n(proc.residentMemoryMb)} MB`, "< 200 MB");

console.log("\n6. Start-up");
row("start-up to the first getUpdates (large store)", `${n(proc.startupToGetUpdatesMs)} ms`);
const emptyDir = scratch();
const empty = await measureProcess(resolve(emptyDir.dir, "empty.sqlite"));
row("start-up to the first getUpdates (new database)", `${n(empty.startupToGetUpdatesMs)} ms`);
emptyDir.remove();
tmp.remove();

const results = {
  at: new Date().toISOString(),
  node: process.version,
  cores: cpus().length,
  quick,
  inbound,
  bare,
  ratio: { byTime: wallRatio, byCpu: cpuRatio },
  delivery: { burst, steady },
  fanout: fanouts,
  store,
  process: proc,
  startupEmptyMs: empty.startupToGetUpdatesMs,
};
const out = resolve(import.meta.dirname, "results.json");
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nWritten to ${out}`);
