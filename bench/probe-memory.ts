// Where the bot's memory goes during an inbound burst: process.memoryUsage() sampled every 50 ms inside the
// compiled bot (a preload), peak RSS from outside too. `tsx bench/probe-memory.ts [clients] [messages]`.
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import Database from "better-sqlite3";
import { openDatabase } from "../src/db/client.js";
import { BotProcess } from "./bot-process.js";
import { scratch } from "./common.js";
import { RemoteFake } from "./fake-client.js";

const clients = Number(process.argv[2] ?? 100);
const messages = Number(process.argv[3] ?? 20_000);
const tmp = scratch();
const path = resolve(tmp.dir, "bench.sqlite");
const db = openDatabase(path);
const ops = Array.from({ length: 10 }, (_, i) => 1_000 + i);
for (const id of ops) db.$client.prepare("insert into operators (id, name, created_at) values (?, ?, ?)").run(id, `Op${id}`, Date.now());
db.$client.close();
const preload = resolve(tmp.dir, "memory-sampler.mjs");
writeFileSync(
  preload,
  `import { writeFileSync } from "node:fs";
const peak = { rss: 0, heapUsed: 0, heapTotal: 0, external: 0, arrayBuffers: 0 };
let atPeak = {};
setInterval(() => {
  const m = process.memoryUsage();
  for (const k of Object.keys(peak)) peak[k] = Math.max(peak[k], m[k]);
  if (m.rss >= peak.rss) atPeak = m;
}, 50).unref();
const mb = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Math.round(v / 1048576)]));
process.on("exit", () => writeFileSync(process.env.MEM_SAMPLES, JSON.stringify({ peakMb: mb(peak), atPeakRssMb: mb(atPeak) })));
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
  env: { MEM_SAMPLES: samples, ...(process.env.BOT_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BOT_NODE_OPTIONS } : {}) },
});
const reader = new Database(path, { readonly: true });
const stored = () => (reader.prepare("select count(*) n from messages").get() as { n: number }).n;
try {
  await fake.until((s) => s.firstGetUpdatesAt > 0, 60_000, "first getUpdates");
  const cpu0 = bot.cpuMs();
  await fake.queue(clients, messages);
  while (stored() < messages) await new Promise((r) => setTimeout(r, 100));
  const outside = bot.peakRssMb();
  const cpuPerMessageUs = Math.round(((bot.cpuMs() - cpu0) * 1000) / messages);
  await bot.stop();
  console.log(
    JSON.stringify({
      clients,
      messages,
      peakRssMbFromOutside: Math.round(outside),
      cpuPerMessageUs,
      ...JSON.parse(readFileSync(samples, "utf8")),
    }),
  );
} finally {
  reader.close();
  fake.stop();
  tmp.remove();
}
