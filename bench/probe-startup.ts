// Start-up cost to the first getUpdates on a new database, as CPU ms of the bot process (wall time is
// meaningless on a shared machine): `tsx bench/probe-startup.ts [runs]`.
import { resolve } from "node:path";
import { BotProcess } from "./bot-process.js";
import { scratch } from "./common.js";
import { RemoteFake } from "./fake-client.js";

const runs = Number(process.argv[2] ?? 5);
const fake = await RemoteFake.start();
const dir = scratch();
const cpu: number[] = [];
const wall: number[] = [];
const rss: number[] = [];
try {
  for (let i = 0; i < runs; i++) {
    await fake.resetFirstGetUpdates();
    const bot = BotProcess.start({ apiRoot: fake.apiRoot, databasePath: resolve(dir.dir, "console.sqlite") });
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
  JSON.stringify({ runs, cpuMsMedian: median(cpu), cpuMs: cpu, wallMsMedian: median(wall), wallMs: wall, idleRssMbMedian: median(rss) }),
);
