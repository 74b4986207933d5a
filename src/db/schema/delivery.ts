import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
// A type only: what Telegram sent, kept verbatim for a retry.
import type { Update } from "grammy/types";
import { chats } from "./chats.js";
import { operators } from "./people.js";

// Times are Unix milliseconds in plain integers: cheap to compare in SQL and free of time-zone surprises.

export const outbox = sqliteTable(
  "outbox",
  {
    // A plain rowid (no AUTOINCREMENT): ids still only grow, without a sqlite_sequence write per row.
    id: integer("id").primaryKey(),
    /** The Telegram chat the row is sent to; rows for one destination go out strictly in id order. */
    destinationChatId: integer("destination_chat_id").notNull(),
    /** Who reads it, so the failure handler and the choice of language need not guess from the id. */
    destination: text("destination", { enum: ["operator", "client"] })
      .notNull()
      .default("operator"),
    kind: text("kind").notNull(),
    payload: text("payload", { mode: "json" }).notNull(),
    chatId: integer("chat_id"),
    messageId: integer("message_id"),
    /** Key under which album parts arriving one by one are gathered into one row. */
    gatherKey: text("gather_key"),
    /**
     * An event or alert for an operator (assigned to you, taken, closed, a failure, the watchdog): it goes ahead
     * of the conversation rows queued for the same operator, which wait their chat's turn.
     */
    urgent: integer("urgent", { mode: "boolean" }).notNull().default(false),
    /** Preceded by the chat's card when the operator's last relayed row was about another chat (decided at send time). */
    cardFirst: integer("card_first", { mode: "boolean" }).notNull().default(false),
    status: text("status", { enum: ["pending", "sent", "failed"] })
      .notNull()
      .default("pending"),
    attempts: integer("attempts").notNull().default(0),
    notBefore: integer("not_before").notNull(),
    lastError: text("last_error"),
    createdAt: integer("created_at").notNull(),
    doneAt: integer("done_at"),
  },
  (t) => [
    // Only pending rows are ever looked up, so sent ones leave these indexes (and keep them small). There is
    // deliberately no index per destination, nor by due time: the worker holds each destination's next rows in memory
    // and reads the rest again through outbox_pending as they are sent (src/delivery/held-rows.ts).
    // Delivery looks for pending rows past the last one it loaded; by the rowid alone that walks every finished
    // row after it (millions on a large store: seconds, about every second, while nothing is pending).
    index("outbox_pending").on(t.id).where(sql`${t.status} = 'pending'`),
    index("outbox_gather").on(t.gatherKey, t.destinationChatId).where(sql`${t.gatherKey} IS NOT NULL AND ${t.status} = 'pending'`),
    // The flood cap's look-ups, run for every client message: a chat's open fold notices (kind first, so they
    // are found without walking the copies), and how many copies each operator still has to receive (a capped
    // chat has at most a score of entries per operator, so counting them is cheap).
    index("outbox_chat_backlog")
      .on(t.chatId, t.kind, t.destinationChatId)
      .where(sql`${t.status} = 'pending' AND ${t.kind} IN ('copy', 'fold')`),
  ],
);

/**
 * The flood cap's fold notices still counting, one per (client chat, operator): while a chat floods, each of its
 * messages adds one to every operator's count. The count lives in this narrow row rather than in the notice's
 * JSON payload, which would be parsed and rewritten for every operator at every message. Sealing (the notice is
 * about to be sent) moves the final count into the payload and removes the row.
 */
export const openFolds = sqliteTable(
  "open_folds",
  {
    chatId: integer("chat_id")
      .notNull()
      .references(() => chats.id),
    operatorId: integer("operator_id").notNull(),
    /**
     * The notice: a `fold` row of the outbox. No foreign key: finished outbox rows are purged, and a notice that
     * left the queue unsealed leaves its row here until the chat's next message finds it stale.
     */
    outboxId: integer("outbox_id").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.chatId, t.operatorId] })],
);

/**
 * Each operator's queue of conversation rows (urgent ones aside) and its backlog notice. `pending` is kept by
 * triggers on the outbox, so every way a row is queued or leaves the queue moves it, and reading it costs one row
 * where counting the queue would walk it. While `fold_outbox_id` names a pending `backlog` row, the operator is
 * past the cap: client messages are not copied to them but summed up in that notice, from `fold_since_message_id`.
 */
export const operatorBacklogs = sqliteTable("operator_backlogs", {
  // The destination chat, an operator's private chat with the bot (their user id); no foreign key, as in the outbox.
  operatorId: integer("operator_id").primaryKey(),
  pending: integer("pending").notNull().default(0),
  foldOutboxId: integer("fold_outbox_id"),
  foldSinceMessageId: integer("fold_since_message_id"),
});

/**
 * The client messages not copied to operators past the backlog cap: one row per message, whoever it was held
 * back from (`held_from`, as ",id,id,"), so a burst writes one narrow row per message however large the team.
 * A notice counts its rows when it is sent; rows no open notice can need any more are deleted then.
 */
export const backlogMessages = sqliteTable("backlog_messages", {
  messageId: integer("message_id").primaryKey(),
  chatId: integer("chat_id").notNull(),
  heldFrom: text("held_from").notNull(),
});

/**
 * Which chat each operator last had a card or message delivered about, so a card precedes a change of client.
 * Written by delivery when it sends, since it decides the order the operator sees.
 */
export const operatorFeeds = sqliteTable("operator_feeds", {
  operatorId: integer("operator_id")
    .primaryKey()
    .references(() => operators.id),
  lastChatId: integer("last_chat_id")
    .notNull()
    .references(() => chats.id),
});

/**
 * A Bot API call Telegram accepted while an update was being handled: the method, what it acted on (see
 * `targetOf` in bot/sent-calls.ts) and Telegram's answer, which a retry of the update is given instead of
 * making the call again.
 */
export interface SentCall {
  method: string;
  target: string;
  result: unknown;
}

/** Updates whose handling threw: kept and retried, because grammY confirms them to Telegram regardless. */
export const failedUpdates = sqliteTable("failed_updates", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  payload: text("payload", { mode: "json" }).$type<Update>().notNull(),
  error: text("error").notNull(),
  /** What the attempts so far got through to Telegram, oldest first: a retry does not send it again. */
  sentCalls: text("sent_calls", { mode: "json" }).$type<SentCall[]>().notNull().default([]),
  attempts: integer("attempts").notNull().default(1),
  nextAttemptAt: integer("next_attempt_at").notNull(),
  createdAt: integer("created_at").notNull(),
});
