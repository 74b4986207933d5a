import { connectionOf, type Store } from "../db/client.js";
import { statement } from "../db/prepared.js";

/**
 * What each index takes from its table. The newest rows are found by id: a message or chat gets a larger id than
 * any before it (the delete triggers step the mark back should the newest row go and its id come again).
 */
const SOURCES = [
  {
    source: "messages",
    index: "INSERT INTO messages_fts(rowid, text) SELECT id, text FROM messages WHERE id > ? AND id <= ? AND text IS NOT NULL",
    newest: "SELECT coalesce(max(id), 0) FROM messages",
  },
  {
    source: "chats",
    index: "INSERT INTO chats_fts(rowid, title, username) SELECT id, title, username FROM chats WHERE id > ? AND id <= ?",
    newest: "SELECT coalesce(max(id), 0) FROM chats",
  },
] as const;

/**
 * Takes every message and chat stored since the last call into the search index, in one go. Storing a message does
 * not index it: FTS5 writes its pending words to disk at every savepoint, and the console opens one per update
 * (and SQLite one per multi-row statement), so indexing one by one cost every message a segment of its own plus
 * the merges of them. Called before a batch of updates commits and before every search, so a search finds every
 * message stored before it; and it runs inside the caller's transaction, so what is rolled back is never found.
 * Returns how many rows were taken in. Cheap when there is nothing new: two look-ups per index.
 */
export function indexNewRows(db: Store): number {
  let taken = 0;
  // IMMEDIATE: it reads, then writes, and only a transaction that takes the write lock at BEGIN waits for it
  // through busy_timeout (see client.ts); inside a transaction this is a savepoint.
  const indexing = connectionOf(db).transaction(() => {
    for (const s of SOURCES) {
      const upto = statement(db, "SELECT upto FROM search_indexed WHERE source = ?").pluck().get(s.source) as number;
      const newest = statement(db, s.newest).pluck().get() as number;
      if (newest <= upto) continue;
      taken += statement(db, s.index).run(upto, newest).changes;
      statement(db, "UPDATE search_indexed SET upto = ? WHERE source = ?").run(newest, s.source);
    }
  });
  indexing.immediate();
  return taken;
}
