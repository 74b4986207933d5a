import type Database from "better-sqlite3";

/**
 * The better-sqlite3 connection under each database and each of its transactions (a transaction shares its
 * database's), registered when they are made: drizzle's transaction object does not expose it.
 */
const connections = new WeakMap<object, Database.Database>();

export function registerConnection(store: object, connection: Database.Database): void {
  connections.set(store, connection);
}

/** The connection a database or transaction runs on; only ones made by openDatabase have one. */
export function connectionOf(store: object): Database.Database {
  const connection = connections.get(store);
  if (!connection) throw new Error("not a database or transaction opened by openDatabase");
  return connection;
}
