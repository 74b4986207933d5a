// The send path alone, for section 2's cost ratio: a client's `messages` are first stored with delivery held back
// (one send a day per chat), the bot is stopped, then started again with pacing lifted (as section 2's LIFTED) and
// timed from its first getUpdates until the fake has every copy: the process's CPU per copy sent, in microseconds,
// with no message received meanwhile. `tsx bench/probe-send-only.ts [messages=5000] [runs=3] [operators=1]`.
// PROBE_PRELOAD (a CPU profiler, with its env) is loaded into the sending bot.
import { resolve } from "node:path";
import Database from "better-sqlite3";
import { openDatabase } from "../src/db/client.js";
import { withoutCaps } from "../tests/support/team.js";
import { BotProcess } from "./bot-process.js";
import { percentile, scratch } from "./common.js";
import { RemoteFake } from "./fake-client.js";

const messages = Number(process.argv[2] ?? 5_000);
const runs = Number(process.argv[3] ?? 3);
const operators = Number(process.argv[4] ?? 1);
const preload = process.env.PROBE_PRELOAD;
const LIFTED = { SEND_RATE_PER_SECOND: "100000", SEND_RATE_PER_CHAT: "100000" };
const HELD = { SEND_RATE_PER_SECOND: "100000", SEND_RATE_PER_CHAT: "0.00001" };

async function once(): Promise<number> {
  const tmp = scratch();
  const path = resolve(tmp.dir, "bench.sqlite");
  const db = openDatabase(path);
  const ops = Array.from({ length: operators }, (_, i) => 1_000 + i);
  for (const id of ops) db.$client.prepare("insert into operators (id, name, created_at) values (?, ?, ?)").run(id, `Op${id}`, Date.now());
  withoutCaps(db.$client);
  db.$client.close();
  const fake = await RemoteFake.start();
  await fake.users(ops);
  try {
    const held = BotProcess.start({ apiRoot: fake.apiRoot, databasePath: path, env: HELD });
    await fake.until((s) => s.firstGetUpdatesAt > 0, 60_000, "first getUpdates");
    await fake.queue(1, messages);
    const reader = new Database(path, { readonly: true });
    const stored = () => (reader.prepare("select count(*) as n from messages").get() as { n: number }).n;
    while (stored() < messages) await new Promise((r) => setTimeout(r, 100));
    reader.close();
    await held.stop();
    await fake.resetFirstGetUpdates();
    const bot = BotProcess.start({
      apiRoot: fake.apiRoot,
      databasePath: path,
      env: { ...LIFTED, ...(preload ? (process.env as Record<string, string>) : {}) },
      ...(preload ? { preload } : {}),
    });
    const s0 = await fake.until((s) => s.firstGetUpdatesAt > 0, 60_000, "first getUpdates again");
    const cpu0 = bot.cpuMs();
    const s1 = await fake.until((s) => s.copies >= messages * operators, 600_000, "copies");
    const perSend = ((bot.cpuMs() - cpu0) * 1000) / (s1.sends - s0.sends);
    if (preload) bot.child.kill("SIGUSR2");
    await new Promise((r) => setTimeout(r, 500));
    await bot.stop();
    return perSend;
  } finally {
    fake.stop();
    tmp.remove();
  }
}

const figures: number[] = [];
for (let i = 0; i < runs; i++) {
  figures.push(await once());
  console.log(JSON.stringify({ run: i, cpuPerSendUs: Math.round(figures.at(-1)!) }));
}
console.log(
  JSON.stringify({
    medianCpuPerSendUs: Math.round(
      percentile(
        [...figures].sort((a, b) => a - b),
        50,
      ),
    ),
  }),
);
