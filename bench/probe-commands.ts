// `/chats` and `/report 30d` through the compiled bot process on a store, as measureProcess asks them, with the
// bot's CPU time per command and how long the process keeps working after each answer:
// `tsx bench/probe-commands.ts <store.sqlite> [rounds]` (the store is copied first: the bot writes to it).
// BACK_TO_BACK=1 asks each command as soon as the previous one was answered, as measureProcess does. With
// PROBE_PROFILE=<out.cpuprofile> the bot runs under a CPU-profiler preload at /tmp/cpu-preload.mjs (written on SIGUSR2).
import { copyFileSync } from "node:fs";
import { resolve } from "node:path";
import { BotProcess, dropPageCache } from "./bot-process.js";
import { scratch } from "./common.js";
import { RemoteFake } from "./fake-client.js";

const source = process.argv[2]!;
const rounds = Number(process.argv[3] ?? 2);
const tmp = scratch();
const path = resolve(tmp.dir, "store.sqlite");
copyFileSync(source, path);
const adminId = 1_000;
const fake = await RemoteFake.start();
await fake.users([adminId]);
const profile = process.env.PROBE_PROFILE;
const bot = BotProcess.start({
  apiRoot: fake.apiRoot,
  databasePath: path,
  env: { ADMIN_IDS: String(adminId), ...(profile ? { CPU_PROFILE_OUT: profile } : {}) },
  ...(profile ? { preload: "/tmp/cpu-preload.mjs" } : {}),
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Waits until the bot has used no CPU for 300 ms; returns the ms it took. */
async function idle(): Promise<number> {
  const t0 = performance.now();
  let last = bot.cpuMs();
  for (;;) {
    await sleep(300);
    const now = bot.cpuMs();
    if (now === last) return Math.round(performance.now() - t0 - 300);
    last = now;
  }
}
try {
  await fake.until((s) => s.firstGetUpdatesAt > 0, 60_000, "first getUpdates");
  const up = Date.now();
  if (!process.env.BACK_TO_BACK) console.log(JSON.stringify({ startupIdleAfterMs: await idle(), rssMb: Math.round(bot.rssMb()) }));
  const ask = async (text: string, prefix: string, cold: boolean) => {
    if (cold) dropPageCache();
    const cpu0 = bot.cpuMs();
    const ms = await fake.command(adminId, text, prefix);
    const cpuAtAnswer = bot.cpuMs() - cpu0;
    // BACK_TO_BACK=1 asks the next command at once, as measureProcess does; otherwise after the bot went idle.
    const busyAfterMs = process.env.BACK_TO_BACK ? -1 : await idle();
    const s = await fake.stats();
    console.log(
      JSON.stringify({
        text,
        cold,
        askedAfterStartMs: Date.now() - up,
        answerMs: Math.round(ms),
        cpuAtAnswerMs: cpuAtAnswer,
        cpuTotalMs: bot.cpuMs() - cpu0,
        busyAfterMs,
        photos: s.byMethod.sendPhoto ?? 0,
        rssMb: Math.round(bot.rssMb()),
        peakMb: Math.round(bot.peakRssMb()),
      }),
    );
  };
  for (let r = 0; r < rounds; r++) {
    await ask("/chats", "Chats (", r === 0);
    await ask("/chats", "Chats (", false);
    await ask("/report 30d", "📊", r === 0);
    await ask("/report 30d", "📊", false);
  }
} finally {
  if (profile) {
    bot.child.kill("SIGUSR2");
    await sleep(2000);
  }
  await bot.stop();
  fake.stop();
  tmp.remove();
}
