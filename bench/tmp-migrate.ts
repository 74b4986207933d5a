// One-off: time bringing a store to a migrations folder's latest (not committed).
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
