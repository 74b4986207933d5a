// Why deep queues deliver below the allowance: bench section 3's deep-queue phase (60 operators, each owning one
// client's chat, `depth` copies queued at once) against an in-process fake enforcing 30/s sliding and 1/s per
// chat, with every accepted send's arrival time kept for the analysis. `tsx bench/probe-delivery.ts [depth]`.
import { resolve } from "node:path";
import { FakeTelegram } from "../tests/support/fake-telegram/server.js";
import { BotProcess } from "./bot-process.js";
import { scratch } from "./common.js";
import { PAIRS, seedOperatorsWithClients } from "./delivery.js";

const depth = Number(process.argv[2] ?? 20);
const tmp = scratch();
const path = resolve(tmp.dir, "bench.sqlite");
const { opIds, clientIds } = seedOperatorsWithClients(path);
const fake = await new FakeTelegram().start();
for (const id of opIds) fake.user(id, `User${id}`);
const clients = clientIds.map((id, i) => fake.user(id, `Client${i}`));
fake.rateLimit = { perSecond: 30, perChatPerSecond: 1 };
const isSend = (m: string) => /^(send|copy|forward|edit)/.test(m);
const copies = () => fake.calls.filter((c) => c.method === "copyMessage" && c.status === 200).length;
const until = async (check: () => boolean) => {
  while (!check()) await new Promise((r) => setTimeout(r, 50));
};
// PROBE_PRELOAD: a module loaded into the bot first (a CPU profiler, a memory sampler), its env passed through.
const preload = process.env.PROBE_PRELOAD;
const bot = BotProcess.start({
  apiRoot: fake.apiRoot,
  databasePath: path,
  ...(preload ? { preload, env: { ...process.env } as Record<string, string> } : {}),
});
try {
  await until(() => fake.calls.some((c) => c.method === "getUpdates"));
  for (const c of clients) fake.send(c, { text: "hello" });
  await until(() => copies() >= PAIRS);
  await new Promise((r) => setTimeout(r, 3_000));
  const from = fake.calls.length;
  const c0 = copies();
  const cpu0 = bot.cpuMs();
  const t0 = Date.now();
  for (let i = 0; i < PAIRS * depth; i++) fake.send(clients[i % PAIRS]!, { text: `message ${i}` });
  await until(() => copies() - c0 >= PAIRS * depth);
  const calls = fake.calls.slice(from).filter((c) => isSend(c.method));
  const ok = calls.filter((c) => c.status === 200);
  const last = ok.at(-1)!.at;
  const seconds = (last - t0) / 1000;
  // The busiest sliding second the fake saw, and each chat's gaps between accepted sends.
  let busiest = 0;
  for (let i = 0, j = 0; i < ok.length; i++) {
    while (ok[i]!.at - ok[j]!.at >= 1000) j++;
    busiest = Math.max(busiest, i - j + 1);
  }
  const lastByChat = new Map<number, number>();
  const gaps: number[] = [];
  for (const c of ok) {
    const id = Number(c.params.chat_id);
    const prev = lastByChat.get(id);
    if (prev !== undefined) gaps.push(c.at - prev);
    lastByChat.set(id, c.at);
  }
  gaps.sort((a, b) => a - b);
  const q = (p: number) => gaps[Math.floor((p / 100) * (gaps.length - 1))];
  const perSecond: number[] = [];
  for (const c of ok) perSecond[Math.floor((c.at - t0) / 1000)] = (perSecond[Math.floor((c.at - t0) / 1000)] ?? 0) + 1;
  console.log(
    JSON.stringify({
      depth,
      seconds,
      sends: ok.length,
      sendsPerSecond: ok.length / seconds,
      allowanceUsedPercent: (100 * ok.length) / seconds / 30,
      tooMany: calls.filter((c) => c.status === 429).length,
      busiestSecond: busiest,
      perChatGapMs: { p10: q(10), p50: q(50), p90: q(90), p99: q(99) },
      botCpuMs: bot.cpuMs() - cpu0,
      firstSeconds: perSecond.slice(0, 12),
      lastSeconds: perSecond.slice(-5),
    }),
  );
  if (preload) bot.child.kill("SIGUSR2");
} finally {
  await new Promise((r) => setTimeout(r, preload ? 2000 : 0));
  await bot.stop();
  await fake.stop();
  tmp.remove();
}
