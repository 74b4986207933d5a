// Start-up cost to the first getUpdates, as CPU ms of the bot process (wall time is noisy on a shared machine):
// `tsx bench/probe-startup.ts [runs] [store]`. With a store (e.g. one bench/store-generator.ts made), each run
// starts on a fresh copy of it, since start-up may write; COLD=1 drops the OS page cache before each start.
import { copyFileSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { BotProcess, dropPageCache } from "./bot-process.js";
import { scratch } from "./common.js";
import { RemoteFake } from "./fake-client.js";

const runs = Number(process.argv[2] ?? 5);
const store = process.argv[3];
const cold = process.env.COLD === "1";
const fake = await RemoteFake.start();
const dir = scratch();
const path = resolve(dir.dir, "console.sqlite");
const cpu: number[] = [];
const wall: number[] = [];
const rss: number[] = [];
try {
  for (let i = 0; i < runs; i++) {
    for (const file of [path, `${path}-wal`, `${path}-shm`]) rmSync(file, { force: true });
    if (store) copyFileSync(store, path);
    if (cold && !dropPageCache()) throw new Error("COLD=1 needs permission to drop the page cache");
    await fake.resetFirstGetUpdates();
    const bot = BotProcess.start({ apiRoot: fake.apiRoot, databasePath: path });
    const up = await fake.until((s) => s.firstGetUpdatesAt > 0, 60_000, "first getUpdates");
    cpu.push(bot.cpuMs());
    await new Promise((r) => setTimeout(r, 1_000));
    rss.push(Math.round(bot.rssMb()));
    wall.push(up.firstGetUpdatesAt - bot.spawnedAt);
    await bot.stop();
  }
} finally {
  fake.stop();
  dir.remove();
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  JSON.stringify({
    runs,
    store: store ?? "new",
    cold,
    cpuMsMedian: median(cpu),
    cpuMs: cpu,
    wallMsMedian: median(wall),
    wallMs: wall,
    idleRssMbMedian: median(rss),
  }),
);
