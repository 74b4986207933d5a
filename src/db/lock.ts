import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";

/** Another process holds the database: two consoles on one file would both take and relay the same updates. */
export class DatabaseInUseError extends Error {
  constructor(readonly databasePath: string) {
    super(`Another console is running on this database (${databasePath}); stop it first, or give this one its own DATABASE_PATH.`);
  }
}

export interface DatabaseLock {
  release(): void;
}

/**
 * Holds an exclusive lock on `<database>.lock` for the life of the process. It is a SQLite file of its own
 * with a write transaction left open: SQLite's file locks are POSIX locks, which the operating system drops
 * when the process ends however it ends (kill -9 included), so a lock is never left behind. The database
 * itself stays unlocked, so the checkpoint thread and readers (backups, tests) keep working.
 */
export function lockDatabase(path: string): DatabaseLock {
  if (path === ":memory:") return { release() {} };
  const absolute = resolve(path);
  mkdirSync(dirname(absolute), { recursive: true });
  // No busy wait: a second console must be told at once, not after five seconds.
  const lock = new Database(`${absolute}.lock`, { timeout: 0 });
  try {
    lock.exec("BEGIN EXCLUSIVE");
  } catch (err) {
    lock.close();
    if ((err as { code?: string }).code?.startsWith("SQLITE_BUSY")) throw new DatabaseInUseError(absolute);
    throw err;
  }
  return {
    release() {
      if (lock.open) lock.close();
    },
  };
}
