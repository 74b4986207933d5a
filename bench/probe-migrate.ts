// How long start-up's migrations take on a store: `tsx bench/probe-migrate.ts <store copy> <migrations folder>` brings
// the copy to that folder's latest migration (it WRITES to the file: use a copy) and prints wall and CPU ms. To time
// one new migration, first bring the copy to the base's folder (e.g. an extracted earlier tree's migrations/), then
// to this tree's `migrations`; evict the file first (dd iflag=nocache count=0) for a start after a reboot.
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
const [path, folder] = process.argv.slice(2);
const c = new Database(path!);
c.pragma("journal_mode = WAL");
c.pragma("synchronous = NORMAL");
c.pragma("cache_size = -4096");
c.pragma("foreign_keys = OFF");
const t0 = performance.now();
const cpu0 = process.cpuUsage();
migrate(drizzle(c), { migrationsFolder: folder! });
const cpu = process.cpuUsage(cpu0);
console.log(JSON.stringify({ folder, ms: Math.round(performance.now() - t0), cpuMs: Math.round((cpu.user + cpu.system) / 1000) }));
c.pragma("wal_checkpoint(TRUNCATE)");
c.close();
