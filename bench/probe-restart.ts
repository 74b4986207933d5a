// Start-up as the bench's section 6 times it (bench/scale.ts measureProcess): an admin in ADMIN_IDS, a first
// start after the OS page cache was dropped, a clean stop, then the restart whose time the bench judges.
// `tsx bench/probe-restart.ts [runs] [store]`: without a store each run starts from a new database; with one,
// the runs share one copy of it (start-up may write), as the bench restarts on the store it wrote before.
// Prints CPU ms of the bot process (steadier on a shared machine) and wall ms, both starts, medians.
import { copyFileSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { BotProcess, dropPageCache } from "./bot-process.js";
import { scratch } from "./common.js";
import { RemoteFake } from "./fake-client.js";

const runs = Number(process.argv[2] ?? 5);
const store = process.argv[3];
const adminId = 1_000;
const fake = await RemoteFake.start();
await fake.users([adminId]);
const dir = scratch();
const path = resolve(dir.dir, "console.sqlite");
const clean = () => {
  for (const file of [path, `${path}-wal`, `${path}-shm`, `${path}.lock`]) rmSync(file, { force: true });
};
const figures = { coldCpu: [] as number[], coldWall: [] as number[], cpu: [] as number[], wall: [] as number[] };

async function start(cpu: number[], wall: number[]): Promise<BotProcess> {
  await fake.resetFirstGetUpdates();
  const bot = BotProcess.start({ apiRoot: fake.apiRoot, databasePath: path, env: { ADMIN_IDS: String(adminId) } });
  const up = await fake.until((s) => s.firstGetUpdatesAt > 0, 60_000, "first getUpdates");
  cpu.push(bot.cpuMs());
  wall.push(up.firstGetUpdatesAt - bot.spawnedAt);
  return bot;
}

try {
  if (store) copyFileSync(store, path);
  for (let i = 0; i < runs; i++) {
    if (!store) clean();
    dropPageCache();
    await (await start(figures.coldCpu, figures.coldWall)).stop();
    await (await start(figures.cpu, figures.wall)).stop();
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
    restartCpuMsMedian: median(figures.cpu),
    restartWallMsMedian: median(figures.wall),
    coldCpuMsMedian: median(figures.coldCpu),
    coldWallMsMedian: median(figures.coldWall),
    ...figures,
  }),
);
