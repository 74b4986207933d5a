import type Database from "better-sqlite3";
import { readMigrationFiles } from "drizzle-orm/migrator";

/** Each table's root page and definition: a table a migration rebuilt or altered has a different one. */
export function tableShapes(sqlite: Database.Database): Map<string, string> {
  const rows = sqlite.prepare("SELECT name, rootpage || ':' || sql FROM sqlite_master WHERE type = 'table'").raw().all() as Array<
    [string, string]
  >;
  return new Map(rows);
}

/**
 * Rows that point at rows that do not exist, in the tables the migrations just run may have touched. Only a
 * migration can have let one in (the checks are on at every other time), and checking every table reads every row:
 * 2.7 s with the file cached and 15-18 s cold on a 1.7 GB store, at the first start after each upgrade, where
 * the backlog migration, say, only adds a table.
 *
 * Touched: a table whose root page or definition changed, or that went; and any table a new migration writes to
 * (creates, alters, drops, inserts into, updates, deletes from), since a migration may delete or update rows, or
 * add a column with a reference, without a rebuild. A table it only reads (to fill a roll-up) or puts a trigger
 * on is not: its rows are as they were. Checked: each touched table that exists, and each table that points at one.
 */
export function brokenReferences(
  sqlite: Database.Database,
  before: Map<string, string>,
  migrationsFolder: string,
  lastBefore: number | undefined,
): Array<{ table: string; parent: string }> {
  const after = tableShapes(sqlite);
  // A new file has every table new (and only the rows the migrations wrote): no file needs reading.
  const written = lastBefore === undefined ? new Set<string>() : tablesWritten(newMigrations(migrationsFolder, lastBefore));
  const names = new Set([...before.keys(), ...after.keys()]);
  const touched = new Set([...names].filter((name) => before.get(name) !== after.get(name) || written.has(name)));
  const checked = [...after.keys()].filter(
    (name) =>
      touched.has(name) || (sqlite.pragma(`foreign_key_list("${name}")`) as Array<{ table: string }>).some((key) => touched.has(key.table)),
  );
  return checked.flatMap((table) => sqlite.pragma(`foreign_key_check("${table}")`) as Array<{ table: string; parent: string }>);
}

const WRITES =
  /\b(?:CREATE\s+TABLE(?:\s+IF\s+NOT\s+EXISTS)?|ALTER\s+TABLE|DROP\s+TABLE(?:\s+IF\s+EXISTS)?|INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)\s+[`"[]?(\w+)/gi;

/**
 * The tables a migration's statements write to, by name (a trigger's body included: it may run in a later one).
 * Words after "UPDATE" that are not tables ("OF", "ON", "SET" in triggers and upserts) match no table and do no harm.
 */
function tablesWritten(sql: string): Set<string> {
  return new Set([...sql.matchAll(WRITES)].map((m) => m[1]!));
}

/** The SQL of the migrations drizzle applied after the one of `lastBefore`, by its own rule: a later journal time. */
function newMigrations(migrationsFolder: string, lastBefore: number): string {
  return readMigrationFiles({ migrationsFolder })
    .filter((m) => m.folderMillis > lastBefore)
    .flatMap((m) => m.sql)
    .join("\n");
}
