import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import { chats, locations, messages, operators } from "../db/schema.js";
import { prepared, statement } from "../db/prepared.js";
import type { Store } from "../db/store.js";

export type Chat = typeof chats.$inferSelect;
export type StoredMessage = typeof messages.$inferSelect;
/** A literal, so SQLite can use the partial index on cards. */
const CARD = sql`${locations.kind} = 'card'`;

export type Location = typeof locations.$inferSelect;
export type LocationKind = Location["kind"];

// Read for nearly every update, so by a compiled statement in array mode and one object literal: drizzle's row
// mapping (and better-sqlite3's named properties) cost more than SQLite's look-up.
const CHAT_COLUMNS =
  "id, telegram_chat_id, business_account_id, kind, title, username, language_code, start_source, status, responsible_id, " +
  "responsible_enabled, queued_group_id, client_blocked, version, created_at, last_activity_at, awaiting_reply_since, opened_at, " +
  "watchdog_stage, closed_at";
const CHAT_BY_ID = `SELECT ${CHAT_COLUMNS} FROM chats WHERE id = ?`;
const CHAT_BY_TELEGRAM_ID = `SELECT ${CHAT_COLUMNS} FROM chats WHERE telegram_chat_id = ?`;
const INSERT_CLIENT_CHAT =
  "INSERT INTO chats (telegram_chat_id, kind, title, username, start_source, language_code, business_account_id, created_at, " +
  `opened_at, last_activity_at, awaiting_reply_since) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${CHAT_COLUMNS}`;

type ChatRow = [
  number,
  number,
  number | null,
  Chat["kind"],
  string,
  string | null,
  string | null,
  string | null,
  Chat["status"],
  number | null,
  number,
  number | null,
  number,
  number,
  number,
  number,
  number | null,
  number | null,
  number,
  number | null,
];

function chatOf(r: ChatRow | undefined): Chat | undefined {
  if (!r) return undefined;
  return {
    id: r[0],
    telegramChatId: r[1],
    businessAccountId: r[2],
    kind: r[3],
    title: r[4],
    username: r[5],
    languageCode: r[6],
    startSource: r[7],
    status: r[8],
    responsibleId: r[9],
    responsibleEnabled: r[10] !== 0,
    queuedGroupId: r[11],
    clientBlocked: r[12] !== 0,
    version: r[13],
    createdAt: r[14],
    lastActivityAt: r[15],
    awaitingReplySince: r[16],
    openedAt: r[17],
    watchdogStage: r[18],
    closedAt: r[19],
  };
}

/** What a client's first message tells about their chat. */
export interface NewClientChat {
  telegramChatId: number;
  kind: Chat["kind"];
  title: string;
  username: string | null;
  startSource: string | null;
  languageCode: string | null;
  businessAccountId: number | null;
}

/** Opens a chat at a client's first message: open, waiting for an answer from now. */
export function insertClientChat(db: Store, c: NewClientChat, now: number): Chat {
  const row = statement(db, INSERT_CLIENT_CHAT)
    .raw()
    .get(c.telegramChatId, c.kind, c.title, c.username, c.startSource, c.languageCode, c.businessAccountId, now, now, now, now);
  return chatOf(row as ChatRow)!;
}

export function getChat(db: Store, id: number): Chat | undefined {
  return chatOf(statement(db, CHAT_BY_ID).raw().get(id) as ChatRow | undefined);
}

/**
 * A chat another row points at (a message, location, held reply, assignment): the foreign key guarantees the row,
 * and chats are never deleted, so its absence is a broken database, not a case to handle.
 */
export function referencedChat(db: Store, id: number): Chat {
  const chat = getChat(db, id);
  if (!chat) throw new Error(`chat #${id} is referenced but does not exist`);
  return chat;
}

export function getChatByTelegramId(db: Store, telegramChatId: number): Chat | undefined {
  return chatOf(statement(db, CHAT_BY_TELEGRAM_ID).raw().get(telegramChatId) as ChatRow | undefined);
}

/** The effective responsible: none for group chats and for chats with the feature switched off. */
export function responsibleOf(chat: Chat): number | null {
  return chat.kind === "private" && chat.responsibleEnabled ? chat.responsibleId : null;
}

export function recordLocation(
  db: Store,
  at: { telegramChatId: number; telegramMessageId: number },
  chatId: number,
  messageId: number | null,
  kind: LocationKind,
): void {
  prepared(db, "location.upsert", (d) =>
    d
      .insert(locations)
      .values({
        telegramChatId: sql.placeholder("telegramChatId"),
        telegramMessageId: sql.placeholder("telegramMessageId"),
        chatId: sql.placeholder("chatId"),
        messageId: sql.placeholder("messageId"),
        kind: sql.placeholder("kind"),
      })
      .onConflictDoUpdate({
        target: [locations.telegramChatId, locations.telegramMessageId],
        set: { chatId: sql`excluded.chat_id`, messageId: sql`excluded.message_id`, kind: sql`excluded.kind` },
      })
      .prepare(),
  ).run({ ...at, chatId, messageId, kind });
}

/**
 * What a Telegram message in some chat stands for: which client chat, and which stored message if any. A message
 * the console stored (a client's, an operator's reply) is found by its source; the locations table holds only what
 * the bot itself sent (copies, cards, notices), so the relay does not write a second row for every message.
 */
export function resolveLocation(db: Store, telegramChatId: number, telegramMessageId: number): Location | undefined {
  const sent = prepared(db, "location.byTelegram", (d) =>
    d
      .select()
      .from(locations)
      .where(and(eq(locations.telegramChatId, sql.placeholder("chat")), eq(locations.telegramMessageId, sql.placeholder("message"))))
      .prepare(),
  ).get({ chat: telegramChatId, message: telegramMessageId });
  if (sent) return sent;
  const stored = getMessageBySource(db, telegramChatId, telegramMessageId);
  return stored && { telegramChatId, telegramMessageId, chatId: stored.chatId, messageId: stored.id, kind: "original" };
}

/** Where a stored message can be seen in a given Telegram chat (its original or the copy sent there). */
export function locateMessageIn(db: Store, messageId: number, telegramChatId: number): number | undefined {
  const copy = db
    .select({ id: locations.telegramMessageId })
    .from(locations)
    .where(and(eq(locations.messageId, messageId), eq(locations.telegramChatId, telegramChatId)))
    .orderBy(desc(locations.telegramMessageId))
    .get()?.id;
  const original = db
    .select({ id: messages.sourceMessageId })
    .from(messages)
    .where(and(eq(messages.id, messageId), eq(messages.sourceChatId, telegramChatId)))
    .get()?.id;
  if (copy === undefined) return original;
  return original === undefined ? copy : Math.max(copy, original);
}

/** The newest card for a chat in one operator's private chat, which is the one worth refreshing. */
export function latestCardIn(db: Store, chatId: number, telegramChatId: number): number | undefined {
  return db
    .select({ id: locations.telegramMessageId })
    .from(locations)
    .where(and(eq(locations.chatId, chatId), CARD, eq(locations.telegramChatId, telegramChatId)))
    .orderBy(desc(locations.telegramMessageId))
    .get()?.id;
}

/** The active operators who hold a card for this chat (a deactivated one gets nothing, not even a redraw). */
export function cardHolders(db: Store, chatId: number): number[] {
  return db
    .selectDistinct({ telegramChatId: locations.telegramChatId })
    .from(locations)
    .innerJoin(operators, and(eq(operators.id, locations.telegramChatId), eq(operators.active, true)))
    .where(and(eq(locations.chatId, chatId), CARD))
    .all()
    .map((r) => r.telegramChatId);
}

export function getMessageBySource(db: Store, sourceChatId: number, sourceMessageId: number): StoredMessage | undefined {
  return prepared(db, "message.bySource", (d) =>
    d
      .select()
      .from(messages)
      .where(and(eq(messages.sourceChatId, sql.placeholder("chat")), eq(messages.sourceMessageId, sql.placeholder("message"))))
      .prepare(),
  ).get({ chat: sourceChatId, message: sourceMessageId });
}

/** Whether this Telegram message is stored already (a replayed update), without reading the stored row. */
export function isMessageStored(db: Store, sourceChatId: number, sourceMessageId: number): boolean {
  return (
    statement(db, "SELECT 1 FROM messages WHERE source_chat_id = ? AND source_message_id = ?").get(sourceChatId, sourceMessageId) !==
    undefined
  );
}

/** Bumps the chat's version; any change that alters what a card shows goes through here. */
export function touchChat(db: Store, chatId: number, set: Partial<Chat>): void {
  db.update(chats)
    .set({ ...set, version: sql`${chats.version} + 1` })
    .where(eq(chats.id, chatId))
    .run();
}

/** A message of either direction as it is stored; the source is the Telegram message it came from. */
export type NewMessage = Pick<
  StoredMessage,
  "chatId" | "direction" | "senderName" | "kind" | "sourceChatId" | "sourceMessageId" | "createdAt"
> &
  Partial<
    Pick<
      StoredMessage,
      "senderUserId" | "authorOperatorId" | "text" | "mediaGroupId" | "replyToMessageId" | "firstResponseMs" | "firstResponseBusinessMs"
    >
  >;

const INSERT_MESSAGE = `INSERT INTO messages (chat_id, direction, sender_user_id, author_operator_id, sender_name, kind, text,
  media_group_id, source_chat_id, source_message_id, reply_to_message_id, first_response_ms, first_response_business_ms, created_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`;

/**
 * Stores a message, a client's or an operator's. Returns its id, or undefined when this Telegram message is
 * stored already (the unique source is the guard against a replayed update storing it twice).
 */
export function insertMessage(db: Store, m: NewMessage): number | undefined {
  // A compiled statement with positional values: one runs for every message, and drizzle's placeholders cost more.
  return statement(db, INSERT_MESSAGE)
    .pluck()
    .get(
      m.chatId,
      m.direction,
      m.senderUserId ?? null,
      m.authorOperatorId ?? null,
      m.senderName,
      m.kind,
      m.text ?? null,
      m.mediaGroupId ?? null,
      m.sourceChatId,
      m.sourceMessageId,
      m.replyToMessageId ?? null,
      m.firstResponseMs ?? null,
      m.firstResponseBusinessMs ?? null,
      m.createdAt,
    ) as number | undefined;
}

/**
 * Activity in a chat, a client's message or an operator's answer, reopens it if it was closed: a new opening
 * (for the reports' resolution time) and a new version, since the card changes. `alsoNewVersionIf` names
 * another change the caller makes in the same statement that the card shows. `now` may be a placeholder.
 */
export function reopenOnActivity(now: number | ReturnType<typeof sql.placeholder>, alsoNewVersionIf?: SQL) {
  const closed = sql`${chats.status} = 'closed'`;
  const newVersion = alsoNewVersionIf ? sql`${closed} OR ${alsoNewVersionIf}` : closed;
  return {
    status: "open" as const,
    closedAt: null,
    lastActivityAt: sql`${now}`,
    openedAt: sql`CASE WHEN ${closed} THEN ${now} ELSE ${chats.openedAt} END`,
    version: sql`CASE WHEN ${newVersion} THEN ${chats.version} + 1 ELSE ${chats.version} END`,
  };
}
