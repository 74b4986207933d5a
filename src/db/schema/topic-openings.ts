import { integer, primaryKey, sqliteTable } from "drizzle-orm/sqlite-core";
import { chats } from "./chats.js";
import { operators } from "./people.js";

/**
 * A topic being created for a client chat in an operator's chat with the bot, written before createForumTopic
 * is called and removed in the transaction that stores the topic. Telegram has no idempotency key: a row found
 * here at the next attempt means a crash came between Telegram creating a topic and our record of it, so an
 * empty topic may have been left behind (one at most per crash, since each operator has one send in flight).
 */
export const topicOpenings = sqliteTable(
  "topic_openings",
  {
    operatorId: integer("operator_id")
      .notNull()
      .references(() => operators.id),
    chatId: integer("chat_id")
      .notNull()
      .references(() => chats.id),
    /** createForumTopic calls begun for this pair whose answer was never recorded, this one included. */
    attempts: integer("attempts").notNull().default(1),
    startedAt: integer("started_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.operatorId, t.chatId] })],
);
