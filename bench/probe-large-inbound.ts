// Bench section 7 alone, with the split of where the bot's time goes: the inbound burst (10,000 clients, 20,000
// messages, delivery at Telegram's limits) on a private copy of a large store, or on a new database.
// `tsx bench/probe-large-inbound.ts <source.sqlite|new> [clients] [messages]`: the source is copied (never written)
// to PROBE_COPY (default /tmp/large4-run.sqlite), removed afterwards. Prints stored/s, CPU µs/msg of the
// process and of each thread (the main thread, the checkpointer, libuv's and V8's), what the process read and
// wrote through system calls per message (SQLite's page-cache misses are reads from the OS), and what the store
// grew by. PRELOAD (a .mjs, e.g. /work/tools/prof/stmt-preload.mjs or cpu-preload.mjs) is loaded into the bot
// with the env it reads (CPU_PROFILE_OUT, STMT_OUT, BSQ_PATH) passed through.
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import Database from "better-sqlite3";
import { openDatabase } from "../src/db/client.js";
import { BotProcess } from "./bot-process.js";
import { scratch } from "./common.js";
import { RemoteFake } from "./fake-client.js";

const source = process.argv[2] ?? "/tmp/large4-store.sqlite";
const clients = Number(process.argv[3] ?? 10_000);
const messages = Number(process.argv[4] ?? 20_000);
const tmp = scratch();
const path = source === "new" ? resolve(tmp.dir, "bench.sqlite") : (process.env.PROBE_COPY ?? "/tmp/large4-run.sqlite");

let ops: number[];
if (source === "new") {
  const db = openDatabase(path);
  ops = Array.from({ length: 10 }, (_, i) => 1_000 + i);
  for (const id of ops) db.$client.prepare("insert into operators (id, name, created_at) values (?, ?, ?)").run(id, `Op${id}`, Date.now());
  db.$client.close();
} else {
  for (const f of [path, `${path}-wal`, `${path}-shm`]) rmSync(f, { force: true });
  copyFileSync(source, path);
  if (existsSync(`${source}-wal`)) copyFileSync(`${source}-wal`, `${path}-wal`);
  const c = new Database(path, { readonly: true });
  ops = (c.prepare("select id from operators where active = 1").all() as Array<{ id: number }>).map((r) => r.id);
  c.close();
}
// An experiment's change to the store before the bot opens it (PROBE_SQL), on the copy only.
if (process.env.PROBE_SQL) {
  const c = new Database(path);
  c.exec(process.env.PROBE_SQL);
  c.close();
}

/** CPU ms of each thread of a process, keyed by tid and name. */
function threads(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      out.set(`${tid === String(pid) ? "main" : name}#${tid}`, ((Number(f[11]) + Number(f[12])) * 1000) / 100);
    } catch {}
  }
  return out;
}

function io(pid: number): Record<string, number> {
  const text = readFileSync(`/proc/${pid}/io`, "utf8");
  return Object.fromEntries(
    text
      .trim()
      .split("\n")
      .map((l) => [l.split(":")[0]!, Number(l.split(":")[1])]),
  );
}

const fake = await RemoteFake.start();
await fake.users(ops);
await fake.rateLimit(30, 1);
const preload = process.env.PRELOAD;
const bot = BotProcess.start({
  apiRoot: fake.apiRoot,
  databasePath: path,
  ...(preload && { preload }),
  env: Object.fromEntries(
    ["CPU_PROFILE_OUT", "STMT_OUT", "BSQ_PATH", "NODE_OPTIONS", "CACHE_KIB"].flatMap((k) => (process.env[k] ? [[k, process.env[k]!]] : [])),
  ),
});
const pid = bot.child.pid!;
const reader = new Database(path, { readonly: true });
const newest = reader.prepare("select coalesce(max(id), 0) n from messages");
const stored = () => (newest.get() as { n: number }).n;
try {
  await fake.until((s) => s.firstGetUpdatesAt > 0, 120_000, "first getUpdates");
  // Start-up's own reads (migrations check, caches) are not the burst's.
  await new Promise((r) => setTimeout(r, 1000));
  const base = stored();
  const s0 = await fake.stats();
  const cpu0 = bot.cpuMs();
  const t0Threads = threads(pid);
  const io0 = io(pid);
  const outbox0 = (reader.prepare("select max(id) n from outbox").get() as { n: number | null }).n ?? 0;
  await fake.queue(clients, messages);
  const t0 = Date.now();
  while (stored() - base < messages) {
    if (Date.now() - t0 > 600_000) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
  const elapsed = (Date.now() - t0) / 1000;
  const cpu = bot.cpuMs() - cpu0;
  const t1Threads = threads(pid);
  const io1 = io(pid);
  const s1 = await fake.stats();
  const outboxRows = ((reader.prepare("select max(id) n from outbox").get() as { n: number }).n ?? 0) - outbox0;
  const perMsg = (ms: number) => Math.round((ms * 1000) / messages);
  const byThread: Record<string, number> = {};
  for (const [k, v] of t1Threads) {
    const name = k.startsWith("main#") ? "main" : k.split("#")[0]!;
    byThread[name] = (byThread[name] ?? 0) + perMsg(v - (t0Threads.get(k) ?? 0));
  }
  const d = (k: string) => io1[k]! - io0[k]!;
  console.log(
    JSON.stringify({
      store: source,
      perSecond: Math.round(messages / elapsed),
      cpuPerMessageUs: perMsg(cpu),
      byThreadUs: byThread,
      readKbPerMsg: +(d("rchar") / 1024 / messages).toFixed(1),
      readsPerMsg: +(d("syscr") / messages).toFixed(1),
      writtenKbPerMsg: +(d("wchar") / 1024 / messages).toFixed(1),
      writesPerMsg: +(d("syscw") / messages).toFixed(1),
      outboxRowsPerMsg: +(outboxRows / messages).toFixed(2),
      delivered: s1.sends - s0.sends,
      tooMany: s1.tooMany - s0.tooMany,
      peakRssMb: Math.round(bot.peakRssMb()),
      peakWalMb: Math.round(bot.peakWalMb()),
    }),
  );
  if (preload) {
    bot.child.kill("SIGUSR2");
    await new Promise((r) => setTimeout(r, 3000));
  }
} finally {
  reader.close();
  await bot.stop();
  fake.stop();
  tmp.remove();
  if (source !== "new" && !process.env.PROBE_KEEP) for (const f of [path, `${path}-wal`, `${path}-shm`]) rmSync(f, { force: true });
}
