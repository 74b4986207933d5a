import { integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

// Times are Unix milliseconds in plain integers: cheap to compare in SQL and free of time-zone surprises.

/**
 * Telegram Business accounts connected to the bot (Settings → Business → Chatbots), one row per account. The
 * connection id Telegram gives may change when the owner reconnects; the chats stay the account's.
 */
export const businessConnections = sqliteTable("business_connections", {
  /** The business account's Telegram user id: the inbox its clients' chats come through. */
  accountId: integer("account_id").primaryKey(),
  /** Telegram's business_connection_id, passed on every send made as the account. */
  connectionId: text("connection_id").notNull().unique(),
  /** The account's name as Telegram shows it, for cards, lists and notices. */
  name: text("name").notNull(),
  username: text("username"),
  /** The private chat between the account and the bot (user_chat_id). */
  userChatId: integer("user_chat_id").notNull(),
  canReply: integer("can_reply", { mode: "boolean" }).notNull(),
  canRead: integer("can_read", { mode: "boolean" }).notNull(),
  enabled: integer("enabled", { mode: "boolean" }).notNull(),
  /**
   * Whether the account was connected by an active admin. Only then are its chats served: anyone may connect
   * a bot to their account, and the team must not be flooded by strangers' inboxes.
   */
  accepted: integer("accepted", { mode: "boolean" }).notNull(),
  /** When Telegram says the connection was made. */
  connectedAt: integer("connected_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/**
 * A client's chat with a business account. Its `address` is what the console's tables use as the chat's
 * Telegram chat id (chats, messages, locations, outbox): Telegram numbers the account's chat with a client like
 * the bot's own chat with that client (the client's id) and numbers its messages separately, so the real id would
 * mix the two conversations. Addresses lie below -2^52, where no Telegram chat id can be.
 */
export const businessChats = sqliteTable(
  "business_chats",
  {
    address: integer("address").primaryKey(),
    accountId: integer("account_id")
      .notNull()
      .references(() => businessConnections.accountId),
    /** The client's id: the chat id Telegram uses for this chat in business updates and sends. */
    clientChatId: integer("client_chat_id").notNull(),
    /** The client's last message: Telegram lets the bot answer only within 24 hours of it. */
    lastClientMessageAt: integer("last_client_message_at"),
    /** The client's newest message id, marked read when an operator answers (with the read right). */
    lastClientMessageId: integer("last_client_message_id"),
  },
  (t) => [uniqueIndex("business_chats_client").on(t.accountId, t.clientChatId)],
);
