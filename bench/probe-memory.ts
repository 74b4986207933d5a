// Where the bot's memory goes during an inbound burst: process.memoryUsage(), V8's heap spaces and the kernel's
// split of resident memory (anonymous, file-backed, shared) sampled every 50 ms inside the compiled bot (a
// preload), and peak RSS from outside too, as bench section 1 measures it.
// `tsx bench/probe-memory.ts [clients] [messages] [new|large|<store file>]`: "large" runs on a private copy of
// /tmp/store-new.sqlite (the current generator's store, as bench section 7 makes it; never written to), a file
// name on a private copy of that file, both with the store's active operators. BOT_MAIN runs another build of
// the bot (a copy of an earlier dist/bundle, to compare base and new in turns) instead of building this tree. BOT_NODE_OPTIONS
// passes node flags to the bot (NODE_OPTIONS refuses most V8 flags); BOT_V8_FLAGS are set by
// v8.setFlagsFromString in the preload, before the bot's code runs and at every sample
// ("--heap-growing-percent=0" is V8's default, without the bot's setting); HEAP_SNAPSHOT_AT_MB writes a heap snapshot (into
// HEAP_SNAPSHOT_DIR) the first time heapUsed passes that many MB.
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import Database from "better-sqlite3";
import { openDatabase } from "../src/db/client.js";
import { BotProcess } from "./bot-process.js";
import { scratch } from "./common.js";
import { RemoteFake } from "./fake-client.js";

const clients = Number(process.argv[2] ?? 100);
const messages = Number(process.argv[3] ?? 20_000);
const store = process.argv[4] ?? "new";
const LARGE = store === "large" ? "/tmp/store-new.sqlite" : store;
const tmp = scratch();
const path = resolve(tmp.dir, "bench.sqlite");
let ops: number[];
if (store !== "new") {
  // The generator's file may still have a WAL: a copy of both is the same database.
  copyFileSync(LARGE, path);
  if (existsSync(`${LARGE}-wal`)) copyFileSync(`${LARGE}-wal`, `${path}-wal`);
  const c = new Database(path);
  ops = (c.prepare("select id from operators where active = 1").all() as Array<{ id: number }>).map((r) => r.id);
  c.close();
} else {
  const db = openDatabase(path);
  ops = Array.from({ length: 10 }, (_, i) => 1_000 + i);
  for (const id of ops) db.$client.prepare("insert into operators (id, name, created_at) values (?, ?, ?)").run(id, `Op${id}`, Date.now());
  db.$client.close();
}
const preload = resolve(tmp.dir, "memory-sampler.mjs");
writeFileSync(
  preload,
  `import { readFileSync, writeFileSync } from "node:fs";
import v8 from "node:v8";
import { PerformanceObserver, constants } from "node:perf_hooks";
const gc = { minor: 0, minorMs: 0, major: 0, majorMs: 0 };
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const major = e.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR;
    gc[major ? "major" : "minor"]++;
    gc[major ? "majorMs" : "minorMs"] += e.duration;
  }
}).observe({ entryTypes: ["gc"] });
// Set now and at every sample, so they also override the settings the bot's own modules make (memory.ts).
const flags = () => process.env.BOT_V8_FLAGS && v8.setFlagsFromString(process.env.BOT_V8_FLAGS);
flags();
const peak = { rss: 0, heapUsed: 0, heapTotal: 0, external: 0, arrayBuffers: 0 };
let atPeak = {};
let snapshotTaken = false;
const snapshotAt = Number(process.env.HEAP_SNAPSHOT_AT_MB ?? 0) * 1048576;
const kb = (s, k) => Number(new RegExp(k + ":\\\\s+(\\\\d+)").exec(s)?.[1] ?? 0) * 1024;
setInterval(() => {
  flags();
  const m = process.memoryUsage();
  for (const k of Object.keys(peak)) peak[k] = Math.max(peak[k], m[k]);
  if (m.rss >= peak.rss) {
    const status = readFileSync("/proc/self/status", "utf8");
    const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, s.space_size]));
    atPeak = { ...m, anon: kb(status, "RssAnon"), file: kb(status, "RssFile"), shmem: kb(status, "RssShmem"), ...spaces };
  }
  if (snapshotAt && !snapshotTaken && m.heapUsed > snapshotAt) {
    snapshotTaken = true;
    v8.writeHeapSnapshot(process.env.HEAP_SNAPSHOT_DIR + "/peak.heapsnapshot");
  }
}, 50).unref();
const mb = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Math.round(v / 1048576)]));
process.on("exit", () => writeFileSync(process.env.MEM_SAMPLES, JSON.stringify({ peakMb: mb(peak), atPeakRssMb: mb(atPeak), gc: Object.fromEntries(Object.entries(gc).map(([k, v]) => [k, Math.round(v)])) })));
`,
);
const samples = resolve(tmp.dir, "memory.json");
const fake = await RemoteFake.start();
await fake.users(ops);
await fake.rateLimit(30, 1);
const bot = BotProcess.start({
  apiRoot: fake.apiRoot,
  databasePath: path,
  preload,
  env: {
    MEM_SAMPLES: samples,
    HEAP_SNAPSHOT_DIR: process.env.HEAP_SNAPSHOT_DIR ?? tmp.dir,
    ...(process.env.HEAP_SNAPSHOT_AT_MB ? { HEAP_SNAPSHOT_AT_MB: process.env.HEAP_SNAPSHOT_AT_MB } : {}),
    ...(process.env.BOT_V8_FLAGS ? { BOT_V8_FLAGS: process.env.BOT_V8_FLAGS } : {}),
  },
  nodeArgs: (process.env.BOT_NODE_OPTIONS ?? "").split(" ").filter(Boolean),
  ...(process.env.BOT_MAIN ? { main: resolve(process.env.BOT_MAIN) } : {}),
});
const reader = new Database(path, { readonly: true });
// The large store holds a million messages already: count from its newest id, as bench/inbound.ts does.
const newest = reader.prepare("select coalesce(max(id), 0) n from messages");
const stored = () => (newest.get() as { n: number }).n;
/** Read system calls so far: with the OS cache warm, each SQLite page cache miss is one pread. */
const reads = () => Number(/syscr:\s+(\d+)/.exec(readFileSync(`/proc/${bot.child.pid}/io`, "utf8"))?.[1] ?? NaN);
try {
  await fake.until((s) => s.firstGetUpdatesAt > 0, 120_000, "first getUpdates");
  const base = stored();
  const cpu0 = bot.cpuMs();
  const reads0 = reads();
  const s0 = await fake.stats();
  await fake.queue(clients, messages);
  const t0 = Date.now();
  while (stored() - base < messages) await new Promise((r) => setTimeout(r, 50));
  const seconds = (Date.now() - t0) / 1000;
  const outside = bot.peakRssMb();
  const cpuPerMessageUs = Math.round(((bot.cpuMs() - cpu0) * 1000) / messages);
  const readsPerMessage = Math.round(((reads() - reads0) / messages) * 10) / 10;
  const s1 = await fake.stats();
  await bot.stop();
  console.log(
    JSON.stringify({
      store,
      clients,
      messages,
      peakRssMbFromOutside: Math.round(outside),
      cpuPerMessageUs,
      readsPerMessage,
      perSecond: Math.round(messages / seconds),
      sends: s1.sends - s0.sends,
      ...JSON.parse(readFileSync(samples, "utf8")),
    }),
  );
} finally {
  reader.close();
  fake.stop();
  tmp.remove();
  rmSync(path, { force: true });
}
