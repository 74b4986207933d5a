import { integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { chats } from "./chats.js";
import { operators } from "./people.js";

/**
 * The threaded inbox: the topic of each client chat in each operator's private chat with the bot. A topic the
 * operator made by hand has no row here, so a client is never relayed into it.
 */
export const operatorTopics = sqliteTable(
  "operator_topics",
  {
    operatorId: integer("operator_id")
      .notNull()
      .references(() => operators.id),
    chatId: integer("chat_id")
      .notNull()
      .references(() => chats.id),
    /** Telegram's message_thread_id of the topic in the operator's chat. */
    threadId: integer("thread_id").notNull(),
    /** The name last given to the topic, so it is renamed only on a real change. */
    name: text("name").notNull(),
    /** The chat card, the topic's first message, edited in place as the chat changes. */
    cardMessageId: integer("card_message_id"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.operatorId, t.chatId] }), uniqueIndex("operator_topics_thread").on(t.operatorId, t.threadId)],
);
