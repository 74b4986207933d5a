import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { operators } from "./people.js";

/*
 * The words themselves are indexed by the FTS5 tables messages_fts and chats_fts (migration 0007_search, kept in
 * step by triggers): drizzle does not model virtual tables, so they are not declared here.
 */

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
