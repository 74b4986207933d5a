import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { chats, closures, messages } from "./chats.js";
import { operators } from "./people.js";

// Times are Unix milliseconds in plain integers: cheap to compare in SQL and free of time-zone surprises.

/**
 * The client's satisfaction rating of one closing of a chat. The row is written when the question is queued
 * (score null: asked, not answered), so rating is a compare-and-set on "score IS NULL": once per closing.
 */
export const ratings = sqliteTable(
  "ratings",
  {
    closureId: integer("closure_id")
      .primaryKey()
      .references(() => closures.id),
    chatId: integer("chat_id")
      .notNull()
      .references(() => chats.id),
    /** Whose work is rated: the responsible at closing, else whoever closed it (as the reports count closings). */
    operatorId: integer("operator_id")
      .notNull()
      .references(() => operators.id),
    askedAt: integer("asked_at").notNull(),
    /** 1 to 5; null until the client answers. */
    score: integer("score"),
    ratedAt: integer("rated_at"),
    /** The client pressed "Add a comment": their next text message while the chat stays closed is the comment. */
    commentRequestedAt: integer("comment_requested_at"),
    comment: text("comment"),
    /** The comment as a message of the chat, so history and the transcript keep it too. */
    commentMessageId: integer("comment_message_id").references(() => messages.id),
  },
  (t) => [index("ratings_rated").on(t.ratedAt), index("ratings_chat").on(t.chatId)],
);
