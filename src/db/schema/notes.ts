import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { chats } from "./chats.js";
import { operators } from "./people.js";

/**
 * Private notes on a chat: written by operators (or an integration through the API) for colleagues, never sent
 * to the client. Kept apart from `messages` so nothing that relays, counts or answers messages can take one for
 * a message to or from the client.
 */
export const chatNotes = sqliteTable(
  "chat_notes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    chatId: integer("chat_id")
      .notNull()
      .references(() => chats.id),
    /** Null when an integration wrote it through the API. */
    authorOperatorId: integer("author_operator_id").references(() => operators.id),
    /** The author's name when the note was written, as history shows it. */
    authorName: text("author_name"),
    text: text("text").notNull(),
    /** The operator's /note message, so the same update handled twice stores one note. */
    sourceChatId: integer("source_chat_id"),
    sourceMessageId: integer("source_message_id"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("chat_notes_chat").on(t.chatId, t.createdAt), uniqueIndex("chat_notes_source").on(t.sourceChatId, t.sourceMessageId)],
);
