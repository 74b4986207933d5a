import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { operators } from "./people.js";

/*
 * The words themselves are indexed by the FTS5 tables messages_fts and chats_fts (migration 0013_search): drizzle
 * does not model virtual tables, so they are not declared here. New rows enter them in bulk (see searchIndexed).
 */

/**
 * How far each FTS index has taken its table in: every row with an id up to `upto` is indexed, newer ones are not
 * yet. Rows enter the index in bulk, before a batch of updates commits and before any search, because FTS5 writes
 * its pending words to disk at every savepoint: indexed one by one, each stored message cost a segment of its own
 * and merges of them, a quarter of the work of storing it. Triggers keep indexed rows in step on edits.
 */
export const searchIndexed = sqliteTable("search_indexed", {
  /** The indexed table: 'messages' or 'chats'. */
  source: text("source").primaryKey(),
  upto: integer("upto").notNull(),
});

/**
 * A /find an operator ran: its paging buttons carry this row's id, since the words do not fit into the 64 bytes of
 * callback data. Rows older than a week are pruned when a new search is stored.
 */
export const searches = sqliteTable(
  "searches",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    operatorId: integer("operator_id")
      .notNull()
      .references(() => operators.id),
    query: text("query").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("searches_created").on(t.createdAt)],
);
