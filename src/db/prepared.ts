import type Database from "better-sqlite3";
import { connectionOf } from "./connections.js";

const caches = new WeakMap<object, Map<string, unknown>>();

/**
 * Builds a query once per database connection and reuses it. Building SQL and compiling the statement cost
 * more than running it, and the relay runs a dozen queries for every client message.
 */
export function prepared<S extends object, T>(store: S, key: string, build: (db: S) => T): T {
  const client = connectionOf(store);
  let cache = caches.get(client);
  if (!cache) {
    cache = new Map();
    caches.set(client, cache);
  }
  let query = cache.get(key) as T | undefined;
  if (query === undefined) {
    query = build(store);
    cache.set(key, query);
  }
  return query;
}

const rawCaches = new WeakMap<object, Map<string, Database.Statement>>();

/**
 * A raw statement, compiled once per connection: for statements drizzle cannot prepare (variable row counts), and
 * for the hot path. Keyed by the source itself: a literal's hash is computed once, a key built from it at every call.
 */
export function statement(store: object, source: string): Database.Statement {
  const client = connectionOf(store);
  let cache = rawCaches.get(client);
  if (!cache) {
    cache = new Map();
    rawCaches.set(client, cache);
  }
  let compiled = cache.get(source);
  if (compiled === undefined) {
    compiled = client.prepare(source);
    cache.set(source, compiled);
  }
  return compiled;
}

/** Drops the connection's compiled statements, so the next use compiles them anew (see WriteBatch). */
export function forgetPrepared(connection: Database.Database): void {
  caches.delete(connection);
  rawCaches.delete(connection);
}
