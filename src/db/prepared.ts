import type Database from "better-sqlite3";
import { connectionOf } from "./connections.js";

const caches = new WeakMap<object, Map<string, unknown>>();
const rawCaches = new WeakMap<object, Map<string, Database.Statement>>();

/** The value kept under `key` for the store's connection, made by `build` the first time. */
function kept<V>(all: WeakMap<object, Map<string, V>>, client: Database.Database, key: string, build: () => V): V {
  let cache = all.get(client);
  if (!cache) {
    cache = new Map();
    all.set(client, cache);
  }
  let value = cache.get(key);
  if (value === undefined) {
    value = build();
    cache.set(key, value);
  }
  return value;
}

/**
 * Builds a query once per database connection and reuses it. Building SQL and compiling the statement cost
 * more than running it, and the relay runs a dozen queries for every client message.
 */
export function prepared<S extends object, T>(store: S, key: string, build: (db: S) => T): T {
  return kept(caches, connectionOf(store), key, () => build(store)) as T;
}

/**
 * A raw statement, compiled once per connection: for statements drizzle cannot prepare (variable row counts), and
 * for the hot path. Keyed by the source itself: a literal's hash is computed once, a key built from it at every call.
 */
export function statement(store: object, source: string): Database.Statement {
  const client = connectionOf(store);
  return kept(rawCaches, client, source, () => client.prepare(source));
}

/** Drops the connection's compiled statements, so the next use compiles them anew (see WriteBatch). */
export function forgetPrepared(connection: Database.Database): void {
  caches.delete(connection);
  rawCaches.delete(connection);
}
