import { and, eq, sql } from "drizzle-orm";
import { chats, messages } from "../db/schema.js";
import { prepared, statement } from "../db/prepared.js";
import type { Clock, Store } from "../db/store.js";
import {
  type Chat,
  getChatByTelegramId,
  getMessageBySource,
  insertClientChat,
  insertMessage,
  isMessageStored,
  reopenOnActivity,
  responsibleOf,
  resolveLocation,
} from "./chats.js";
import { answerOffHours } from "./business-hours.js";
import { chatRef } from "./events.js";
import { fanOut, messageRecipients, notifyAboutChat, notifyEvent, type Recipient, routineRecipients } from "./notifications.js";
import { foldBacklog } from "./backlog.js";
import { foldOverflow } from "./folds.js";
import { ALBUM_GATHER_MS, appendToGatheredCopy, type OutboxPayload } from "./outbox.js";
import type { ResendContent } from "./resend.js";

/** A client's message as the bot layer parsed it from Telegram's update. */
export interface ClientMessage {
  telegramChatId: number;
  chatKind: "private" | "group";
  chatTitle: string;
  chatUsername?: string | undefined;
  senderUserId: number;
  senderName: string;
  /** Telegram's language_code of a private chat's client, for what the bot says to them (kept when absent). */
  languageCode?: string | undefined;
  telegramMessageId: number;
  /** What it is ("text", "photo", "poll"...), for history and for the line sent when it cannot be copied. */
  kind: string;
  text?: string | undefined;
  mediaGroupId?: string | undefined;
  replyToTelegramMessageId?: number | undefined;
  /** False for what Telegram does not let bots copy (invoices, giveaways, paid media...). */
  copyable: boolean;
  /**
   * The payload of the /start link the client came through; the chat keeps the first one. The message is then
   * that /start, and operators are told where the client came from instead of getting a copy of it.
   */
  startSource?: string | undefined;
  /** The business account the client wrote to; absent for the bot's own chats. */
  businessAccountId?: number | undefined;
  /**
   * For a business account's chat, which the bot cannot copy from: the message to send again by kind
   * (null when its kind cannot be; `copyable` is then false).
   */
  content?: ResendContent | null | undefined;
}

export type ClientMessageOutcome =
  | { status: "duplicate" }
  | { status: "stored"; chat: Chat; messageId: number; reopened: boolean; recipients: Recipient[] };

/**
 * Stores a client's message and queues its copies for the operators who should see it, in one transaction:
 * once this returns, the message cannot be lost, and a second delivery of the same update changes nothing.
 */
export function recordClientMessage(db: Store, msg: ClientMessage, clock: Clock): ClientMessageOutcome {
  const now = clock();
  return db.transaction((tx) => {
    // The unique index on the source is the real guard; this look-up only avoids touching the chat on a replay.
    if (isMessageStored(tx, msg.telegramChatId, msg.telegramMessageId)) return { status: "duplicate" } as const;
    const before = getChatByTelegramId(tx, msg.telegramChatId);
    const chat = upsertChat(tx, msg, before, now);
    const reopened = before?.status === "closed";
    const replyTo = msg.replyToTelegramMessageId
      ? (resolveLocation(tx, msg.telegramChatId, msg.replyToTelegramMessageId)?.messageId ?? null)
      : null;
    const messageId = insertMessage(tx, {
      chatId: chat.id,
      direction: "in",
      senderUserId: msg.senderUserId,
      senderName: msg.senderName,
      kind: msg.kind,
      text: msg.text ?? null,
      mediaGroupId: msg.mediaGroupId ?? null,
      sourceChatId: msg.telegramChatId,
      sourceMessageId: msg.telegramMessageId,
      replyToMessageId: replyTo,
      createdAt: now,
    });
    // Cannot happen: the source was looked up above in this transaction, and one process holds the database.
    if (messageId === undefined) return { status: "duplicate" } as const;

    const recipients = messageRecipients(tx, chat);
    // An operator far behind is told about other people's chats in one notice instead (backlog.ts).
    const caughtUp = (rs: Recipient[]) => foldBacklog(tx, rs, responsibleOf(chat), { id: messageId, chatId: chat.id }, clock);
    if (msg.startSource !== undefined) {
      const event = { kind: "started_from", chat: chatRef(chat), sender: msg.senderName, source: msg.startSource } as const;
      notifyAboutChat(tx, caughtUp(recipients), chat, event, clock, replyTo ?? undefined);
    } else if (msg.copyable) {
      relayCopies(tx, recipients, chat, msg, messageId, replyTo ?? undefined, clock, caughtUp);
    } else {
      const event = { kind: "not_copyable", chat: chatRef(chat), sender: msg.senderName, messageKind: msg.kind, text: msg.text } as const;
      notifyAboutChat(tx, caughtUp(recipients), chat, event, clock, replyTo ?? undefined);
    }
    answerOffHours(tx, chat, clock);
    return { status: "stored", chat, messageId, reopened, recipients } as const;
  });
}

function upsertChat(tx: Store, msg: ClientMessage, before: Chat | undefined, now: number): Chat {
  if (!before) {
    return insertClientChat(
      tx,
      {
        telegramChatId: msg.telegramChatId,
        kind: msg.chatKind,
        title: msg.chatTitle,
        username: msg.chatUsername ?? null,
        startSource: msg.startSource ?? null,
        languageCode: msg.languageCode ?? null,
        businessAccountId: msg.businessAccountId ?? null,
      },
      now,
    );
  }
  if (isOnlyActivity(before, msg)) {
    // The common case, a client writing on in an open chat: only the time moves (one row, two indexes).
    statement(tx, "UPDATE chats SET last_activity_at = ? WHERE id = ?").run(now, before.id);
    return { ...before, lastActivityAt: now };
  }
  // Writing again means the client has not blocked the bot (any more), and reopens a closed chat; either
  // changes what the card shows, so the version moves. A new wait starts the watchdog afresh.
  return prepared(tx, "chat.touchByClient", (d) =>
    d
      .update(chats)
      .set({
        title: sql`${sql.placeholder("title")}`,
        username: sql`${sql.placeholder("username")}`,
        startSource: sql`coalesce(${chats.startSource}, ${sql.placeholder("startSource")})`,
        languageCode: sql`coalesce(${sql.placeholder("languageCode")}, ${chats.languageCode})`,
        awaitingReplySince: sql`coalesce(${chats.awaitingReplySince}, ${sql.placeholder("now")})`,
        watchdogStage: sql`CASE WHEN ${chats.awaitingReplySince} IS NULL THEN 0 ELSE ${chats.watchdogStage} END`,
        clientBlocked: false,
        // Writing again unblocks: the card changes, so the version moves as for a reopening.
        ...reopenOnActivity(sql.placeholder("now"), sql`${chats.clientBlocked}`),
      })
      .where(eq(chats.id, sql.placeholder("id")))
      .returning()
      .prepare(),
  ).get({
    id: before.id,
    title: msg.chatTitle,
    username: msg.chatUsername ?? null,
    startSource: msg.startSource ?? null,
    languageCode: msg.languageCode ?? null,
    now,
  })!;
}

/** Whether the full update below would change nothing but the chat's last activity. */
function isOnlyActivity(before: Chat, msg: ClientMessage): boolean {
  return (
    before.status === "open" &&
    before.closedAt === null &&
    !before.clientBlocked &&
    before.awaitingReplySince !== null &&
    before.title === msg.chatTitle &&
    before.username === (msg.chatUsername ?? null) &&
    (msg.startSource === undefined || before.startSource !== null) &&
    (msg.languageCode === undefined || before.languageCode === msg.languageCode)
  );
}

function relayCopies(
  tx: Store,
  recipients: Recipient[],
  chat: Chat,
  msg: ClientMessage,
  messageId: number,
  replyToMessageId: number | undefined,
  clock: Clock,
  caughtUp: (rs: Recipient[]) => Recipient[],
): void {
  const gatherKey = msg.mediaGroupId ? `in:${msg.telegramChatId}:${msg.mediaGroupId}` : undefined;
  // Later parts of an album join the row their first part opened for each operator.
  const open = gatherKey
    ? recipients.filter(
        (r) =>
          !appendToGatheredCopy(
            tx,
            r.operatorId,
            gatherKey,
            { sourceMessageId: msg.telegramMessageId, messageId, content: msg.content },
            clock,
          ),
      )
    : recipients;
  // The backlog cap applies after the joining: an album already copied to an operator gets all its parts.
  // One flooding client must not bury everyone else: past the cap, an operator gets a count instead of copies.
  const copying = foldOverflow(tx, chat, caughtUp(open), gatherKey !== undefined, clock);
  // In a group chat many people write; a forward shows each message's author, a copy would not.
  const forward = chat.kind === "group";
  // One payload per sound setting, shared by the operators' rows, so it is serialised once, not once per operator.
  const copyFor = (silent: boolean): OutboxPayload => ({
    type: "copy",
    fromChatId: msg.telegramChatId,
    sourceMessageIds: [msg.telegramMessageId],
    messageIds: [messageId],
    replyToMessageId,
    silent,
    forward,
    ...(msg.content !== undefined ? { content: [msg.content] } : {}),
  });
  const copies = { loud: copyFor(false), silent: copyFor(true) };
  fanOut(
    tx,
    copying,
    (r) => ({
      destinationChatId: r.operatorId,
      payload: r.silent ? copies.silent : copies.loud,
      chatId: chat.id,
      messageId,
      gatherKey,
      notBefore: gatherKey ? clock() + ALBUM_GATHER_MS : undefined,
    }),
    clock,
  );
}

/** A client edited a message: the operators who see the chat get the new text, as a reply to their copy. */
export function recordClientEdit(
  db: Store,
  telegramChatId: number,
  telegramMessageId: number,
  text: string | undefined,
  clock: Clock,
): boolean {
  return db.transaction((tx) => {
    const stored = getMessageBySource(tx, telegramChatId, telegramMessageId);
    if (stored?.direction !== "in") return false;
    if ((stored.text ?? "") === (text ?? "")) return false;
    tx.update(messages)
      .set({ text: text ?? null, editedAt: clock() })
      .where(eq(messages.id, stored.id))
      .run();
    const chat = getChatByTelegramId(tx, telegramChatId)!;
    notifyAboutChat(
      tx,
      routineRecipients(tx, chat),
      chat,
      { kind: "client_edited", chat: chatRef(chat), sender: stored.senderName, text },
      clock,
      stored.id,
    );
    return true;
  });
}

/** The client blocked the bot: every pending message to them is pointless, and their operators should know. */
export function markClientBlocked(
  db: Store,
  telegramChatId: number,
  clock: Clock,
  alreadyTold: ReadonlySet<number> = new Set(),
): Chat | undefined {
  return db.transaction((tx) => {
    const chat = getChatByTelegramId(tx, telegramChatId);
    if (!chat || chat.clientBlocked) return undefined;
    const updated = tx
      .update(chats)
      .set({ clientBlocked: true, version: sql`${chats.version} + 1` })
      .where(and(eq(chats.id, chat.id), eq(chats.clientBlocked, false)))
      .returning()
      .get();
    if (!updated) return undefined;
    const followers = messageRecipients(tx, updated).filter((r) => !alreadyTold.has(r.operatorId));
    notifyEvent(tx, followers, updated, { kind: "client_blocked", chat: chatRef(updated) }, clock);
    return updated;
  });
}
