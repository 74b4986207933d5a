import { sql } from "drizzle-orm";
import { type AnySQLiteColumn, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { operators } from "./people.js";
import { groups } from "./team.js";
import { businessConnections } from "./business.js";

export interface HeldPart {
  telegramMessageId: number;
  kind: string;
  text?: string | undefined;
  /** A saved reply's text with its placeholders filled in: the client gets it instead of the original's. */
  filled?: boolean | undefined;
  entities?: unknown[] | undefined;
  /** The part as it would be sent again by kind (for a business account's chat); see rules/resend.ts. */
  content?: unknown;
}

// Times are Unix milliseconds in plain integers: cheap to compare in SQL and free of time-zone surprises.

export const chats = sqliteTable(
  "chats",
  {
    /** The short chat number operators see, as in "#17". */
    id: integer("id").primaryKey({ autoIncrement: true }),
    /**
     * Where the console addresses the chat: the Telegram chat id for the bot's own chats, the business chat's
     * address (business_chats) for a chat with a business account, so one client's two conversations stay two.
     */
    telegramChatId: integer("telegram_chat_id").notNull().unique(),
    /** The inbox the chat came through: null for the bot itself, else the business account's id. */
    businessAccountId: integer("business_account_id").references(() => businessConnections.accountId),
    kind: text("kind", { enum: ["private", "group"] }).notNull(),
    title: text("title").notNull(),
    username: text("username"),
    /** Telegram's language_code of the client's app, for what the bot itself says to them. */
    languageCode: text("language_code"),
    /** The payload of the first /start link the client came through (an ad's or a site's deep link). */
    startSource: text("start_source"),
    status: text("status", { enum: ["open", "closed"] })
      .notNull()
      .default("open"),
    responsibleId: integer("responsible_id").references(() => operators.id),
    responsibleEnabled: integer("responsible_enabled", { mode: "boolean" }).notNull().default(true),
    /** Set while the chat waits in a group's queue for an available member. */
    queuedGroupId: integer("queued_group_id").references(() => groups.id),
    clientBlocked: integer("client_blocked", { mode: "boolean" }).notNull().default(false),
    /** Bumped on every change of state, so a card drawn before the change is recognised as stale. */
    version: integer("version").notNull().default(0),
    createdAt: integer("created_at").notNull(),
    lastActivityAt: integer("last_activity_at").notNull(),
    /** Time of the client's first message that no operator has answered yet; null when answered. */
    awaitingReplySince: integer("awaiting_reply_since"),
    /** When the current open period began (creation or the last reopening), for resolution times. */
    openedAt: integer("opened_at"),
    /** How far the unanswered-chat watchdog has gone for the current wait: 0 nothing, 1 reminded, 2 escalated. */
    watchdogStage: integer("watchdog_stage").notNull().default(0),
    closedAt: integer("closed_at"),
  },
  (t) => [
    index("chats_last_activity").on(t.lastActivityAt),
    // /chats opens on open chats, newest first: walked in order, its first page reads a page's worth of rows
    // instead of every open chat sorted (measured cold on the bench's store: 233 ms before).
    index("chats_status_activity").on(t.status, t.lastActivityAt),
    // The report's chart counts the chats that started each day: without it, every chat ever is read.
    index("chats_created").on(t.createdAt),
    index("chats_awaiting").on(t.status, t.awaitingReplySince),
    // The chat list walks chats_last_activity newest first. Filtering by responsible uses an index that does
    // not contain the activity time, so a client's message (which moves the time) does not rewrite it.
    index("chats_responsible").on(t.responsibleId),
    // Few chats wait in a queue; the partial index costs nothing for the rest.
    index("chats_queue").on(t.queuedGroupId).where(sql`${t.queuedGroupId} IS NOT NULL`),
  ],
);

export const messages = sqliteTable(
  "messages",
  {
    id: integer("id").primaryKey(),
    chatId: integer("chat_id")
      .notNull()
      .references(() => chats.id),
    direction: text("direction", { enum: ["in", "out"] }).notNull(),
    /** The operator who wrote an outgoing message. */
    authorOperatorId: integer("author_operator_id").references(() => operators.id),
    /** The Telegram user who wrote an incoming message (one of many in a group chat). */
    senderUserId: integer("sender_user_id"),
    senderName: text("sender_name").notNull(),
    kind: text("kind").notNull(),
    /** Text or caption, for history and edit notices. */
    text: text("text"),
    mediaGroupId: text("media_group_id"),
    /** Where the message was first written: the client's chat for "in", the operator's chat for "out". */
    sourceChatId: integer("source_chat_id").notNull(),
    sourceMessageId: integer("source_message_id").notNull(),
    replyToMessageId: integer("reply_to_message_id").references((): AnySQLiteColumn => messages.id),
    /** For an operator's answer to a waiting client: how long the client had waited (first response time). */
    firstResponseMs: integer("first_response_ms"),
    /** The same wait counting business hours only; null when the team had no business hours set. */
    firstResponseBusinessMs: integer("first_response_business_ms"),
    createdAt: integer("created_at").notNull(),
    editedAt: integer("edited_at"),
    /** The name the client's copy was signed with (the sign-replies setting), so an edit keeps the signature. */
    signedAs: text("signed_as"),
  },
  (t) => [
    index("messages_author_created").on(t.authorOperatorId, t.createdAt).where(sql`${t.authorOperatorId} IS NOT NULL`),
    // The idempotency key for inbound updates: Telegram may deliver one message twice, update ids may restart.
    uniqueIndex("messages_source").on(t.sourceChatId, t.sourceMessageId),
    index("messages_chat_created").on(t.chatId, t.createdAt),
    // Reports read a period of operators' answers: the range and every column they need, without the table.
    index("messages_report").on(t.createdAt, t.authorOperatorId, t.firstResponseMs).where(sql`${t.authorOperatorId} IS NOT NULL`),
  ],
);

/**
 * Every Telegram message the console knows about, in any chat, and what it stands for: the original of a
 * stored message, a copy of one, or a chat card or notice about a chat. Replies and edits are resolved here.
 */
export const locations = sqliteTable(
  "locations",
  {
    telegramChatId: integer("telegram_chat_id").notNull(),
    telegramMessageId: integer("telegram_message_id").notNull(),
    chatId: integer("chat_id")
      .notNull()
      .references(() => chats.id),
    messageId: integer("message_id").references(() => messages.id),
    kind: text("kind", { enum: ["original", "copy", "card", "notice"] }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.telegramChatId, t.telegramMessageId] }),
    index("locations_message").on(t.messageId, t.telegramChatId),
    index("locations_cards").on(t.chatId, t.telegramChatId).where(sql`${t.kind} = 'card'`),
  ],
);

export const assignments = sqliteTable(
  "assignments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    chatId: integer("chat_id")
      .notNull()
      .references(() => chats.id),
    fromOperatorId: integer("from_operator_id").references(() => operators.id),
    toOperatorId: integer("to_operator_id").references(() => operators.id),
    /** Who made the change; null when the system did (reset on close, group queue). */
    byOperatorId: integer("by_operator_id").references(() => operators.id),
    how: text("how", {
      // "group": a group's algorithm picked at once; "queue": the chat waited in the group's queue until a member came online.
      enum: ["auto", "manual", "claim", "takeover", "group", "queue", "api", "reset", "deactivation", "off"],
    }).notNull(),
    groupId: integer("group_id").references(() => groups.id),
    at: integer("at").notNull(),
  },
  // The period's assignments with what reports count, without the table. Reports only count assignments to
  // someone: leaving out the rows that take a chat from its operator (about half of a month's on the large store)
  // halves the index pages a cold report reads, scattered over the file as the index grew.
  (t) => [
    index("assignments_chat").on(t.chatId, t.at),
    index("assignments_report").on(t.at, t.toOperatorId, t.fromOperatorId, t.chatId).where(sql`${t.toOperatorId} IS NOT NULL`),
  ],
);

/** Each closing of a chat, with the open period it ended, for reports. */
export const closures = sqliteTable(
  "closures",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    chatId: integer("chat_id")
      .notNull()
      .references(() => chats.id),
    byOperatorId: integer("by_operator_id")
      .notNull()
      .references(() => operators.id),
    /** The chat's responsible when it was closed (whose work it was). */
    responsibleId: integer("responsible_id").references(() => operators.id),
    openedAt: integer("opened_at").notNull(),
    closedAt: integer("closed_at").notNull(),
  },
  // The period's closings with what reports need, without the table.
  (t) => [index("closures_closed").on(t.closedAt, t.responsibleId, t.byOperatorId, t.openedAt)],
);

/**
 * An operator's reply held back because someone else is responsible, waiting for Take over / Send anyway.
 * Kept once answered (with the answer), so the same message handled again is recognised and asks nothing.
 */
export const heldReplies = sqliteTable(
  "held_replies",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    operatorId: integer("operator_id")
      .notNull()
      .references(() => operators.id),
    chatId: integer("chat_id")
      .notNull()
      .references(() => chats.id),
    /** The operator's message that was held (the first part of an album): the key a replay is matched on. */
    sourceMessageId: integer("source_message_id"),
    /** The operator's messages in their own chat (several for an album), as they will be stored once sent. */
    parts: text("parts", { mode: "json" }).$type<HeldPart[]>().notNull(),
    /** The message being replied to, so Send anyway keeps the reply threading. */
    replyToMessageId: integer("reply_to_message_id").references(() => messages.id),
    mediaGroupId: text("media_group_id"),
    /** The Take over / Send anyway / Cancel prompt, once it was sent; a replay before that asks again. */
    promptMessageId: integer("prompt_message_id"),
    resolution: text("resolution", { enum: ["take_over", "send_anyway", "cancel"] }),
    resolvedAt: integer("resolved_at"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("held_replies_source").on(t.operatorId, t.sourceMessageId)],
);
