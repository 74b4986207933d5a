import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { BetterSQLiteTransaction, drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { WAL_SIZE_LIMIT_BYTES } from "./checkpointer.js";
import { DatabaseError, explainMigrationFailure, explainOpenFailure } from "./open-errors.js";
import { connectionOf, registerConnection } from "./connections.js";
import { prepared } from "./prepared.js";
import { brokenReferences, tableShapes } from "./reference-check.js";

export { DatabaseError };

// No schema is given to drizzle: the console writes its queries with the query builder and SQL, never through
// drizzle's relational `db.query`, which would build a query object per table for every transaction opened.
export type Db = BetterSQLite3Database & { $client: Database.Database };
/** The database or a transaction on it: rules accept either, so callers choose the transaction's extent. */
export type Store = Db | Parameters<Parameters<Db["transaction"]>[0]>[0];

export { connectionOf };

/**
 * Each connection's page cache, in KiB. better-sqlite3 builds SQLite with 16 MB (SQLITE_DEFAULT_CACHE_SIZE=-16000),
 * not SQLite's own 2 MB, and the cache fills up on a large store: measured on the 100,000-chat store, the main
 * connection's memory outside V8 was 36 MB at a burst's peak. 4 MB still holds a getUpdates answer's dirty pages
 * (no spill to the WAL before the commit); a miss is a read from the OS's cache (bench/probe-memory.ts counts them).
 */
const PAGE_CACHE_KIB = 4 * 1024;

const migrationsFolder = resolve(dirname(fileURLToPath(import.meta.url)), "../../migrations");

export interface OpenOptions {
  /**
   * Checkpoint the WAL from a separate thread instead of inside commits (for the long-running bot). The
   * caller must then run startCheckpointer, or the WAL grows without bound.
   */
  backgroundCheckpoints?: boolean;
  /** Another folder of migrations, for tests of an upgrade; the console's own by default. */
  migrationsFolder?: string;
}

/**
 * Opens (creating if needed) the SQLite file in WAL mode and brings it to the latest migration. Throws a
 * DatabaseError, one line naming DATABASE_PATH and the cause, when the file cannot be used.
 */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  let sqlite: Database.Database;
  try {
    if (path !== ":memory:") mkdirSync(dirname(resolve(path)), { recursive: true });
    sqlite = new Database(path);
    // The first statements are the first reads: a file that is not a database, or cannot be written, fails here.
    sqlite.pragma("journal_mode = WAL");
  } catch (err) {
    throw new DatabaseError(explainOpenFailure(path, err), { cause: err });
  }
  // NORMAL is durable across process crashes in WAL mode; only a power loss can drop the last commits.
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
  if (options.backgroundCheckpoints) sqlite.pragma("wal_autocheckpoint = 0");
  // When SQLite restarts the WAL after a full checkpoint, it cuts the file back to this size instead of keeping it.
  sqlite.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
  const db = drizzle(sqlite);
  registerConnection(db, sqlite);
  takeWriteLockAtBegin(db, sqlite);
  // SQLite rebuilds a table to add a foreign key, and the rebuild drops the old table: with the checks on, that
  // drop would delete (or refuse) the rows other tables point at. The migrator's transaction ignores the
  // migrations' own PRAGMAs, so the checks stay off here until every migration has run; then the rows they may
  // have broken are checked (reference-check.ts).
  sqlite.pragma("foreign_keys = OFF");
  try {
    const lastBefore = lastMigrationAt(sqlite);
    const tablesBefore = tableShapes(sqlite);
    const folder = options.migrationsFolder ?? migrationsFolder;
    migrate(db, { migrationsFolder: folder });
    const broken = lastMigrationAt(sqlite) === lastBefore ? [] : brokenReferences(sqlite, tablesBefore, folder, lastBefore);
    if (broken.length > 0) {
      const where = [...new Set(broken.map((b) => `${b.table} → ${b.parent}`))].join(", ");
      throw new Error(`${broken.length} rows point at rows that do not exist (${where})`);
    }
  } catch (err) {
    sqlite.close();
    throw new DatabaseError(explainMigrationFailure(path, err), { cause: err });
  }
  sqlite.pragma("foreign_keys = ON");
  return db;
}

/**
 * The time of the last migration the database has had (drizzle's journal time, which decides what it applies
 * next), or undefined for a new file, before the migrator made its table.
 */
function lastMigrationAt(sqlite: Database.Database): number | undefined {
  const table = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get();
  if (!table) return undefined;
  const at = sqlite.prepare("SELECT max(created_at) FROM __drizzle_migrations").pluck().get() as number | string | null;
  return at === null ? undefined : Number(at);
}

/**
 * Transactions begin IMMEDIATE unless told otherwise. A deferred transaction that reads and then writes cannot wait
 * for the write lock: SQLite answers SQLITE_BUSY at once when another connection (the checkpointer's TRUNCATE)
 * holds it. Taking the lock at BEGIN goes through busy_timeout instead. This process has one writing
 * connection, so nothing is serialised that was not already.
 */
function takeWriteLockAtBegin(db: Db, sqlite: Database.Database): void {
  const { dialect, session } = db as unknown as { dialect: unknown; session: unknown };
  db.transaction = ((fn, config) => {
    const behavior = config?.behavior ?? "immediate";
    // drizzle's own transaction() makes a new better-sqlite3 transaction function at every call (five wrappers and
    // their properties), one per client message; this one is made once per connection. Made lazily and kept with
    // the compiled statements, so a write batch's guard, which drops those, also wraps the one made after it.
    const run = prepared(db, `transaction:${behavior}`, () =>
      sqlite.transaction((body: (tx: Transaction) => unknown, tx: Transaction) => body(tx)),
    )[behavior];
    const tx = new BetterSQLiteTransaction("sync", dialect as never, session as never, undefined) as unknown as Transaction;
    registerTransaction(tx, sqlite);
    return run(fn, tx);
  }) as Db["transaction"];
}

type Transaction = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** Registers a transaction's connection, and that of any savepoint opened inside it. */
function registerTransaction(tx: Transaction, sqlite: Database.Database): void {
  registerConnection(tx, sqlite);
  const nested = tx.transaction.bind(tx);
  tx.transaction = ((fn) =>
    nested((inner) => {
      registerTransaction(inner, sqlite);
      return fn(inner);
    })) as Transaction["transaction"];
}
