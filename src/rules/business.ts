import { and, eq, inArray, sql } from "drizzle-orm";
import { businessChats, businessConnections, chats, messages, outbox } from "../db/schema.js";
import type { Clock, Store } from "../db/store.js";
import {
  type BusinessConnection,
  businessChatAddress,
  getAccount,
  getConnectionById,
  mayAnswerThrough,
  noteClientMessage,
} from "./business-chats.js";
import { getChatByTelegramId, getMessageBySource, insertMessage, isMessageStored, reopenOnActivity } from "./chats.js";
import { failRow } from "./delivery-failures.js";
import { type BusinessEvent, chatRef, type Failure } from "./events.js";
import { eventRecipients, notifyAboutChat, notifyOperators, routineRecipients } from "./notifications.js";
import type { OutboxRow } from "./outbox.js";
import { activeAdmin, getActiveOperator, listActiveOperators } from "./people.js";
import { type ClientMessage, type ClientMessageOutcome, recordClientEdit, recordClientMessage } from "./relay.js";

/** A business_connection update as the bot layer parsed it. */
export interface ConnectionUpdate {
  connectionId: string;
  accountId: number;
  name: string;
  username?: string | undefined;
  userChatId: number;
  canReply: boolean;
  canRead: boolean;
  enabled: boolean;
  /** Telegram's date of the connection, in ms. */
  date: number;
}

function admins(tx: Store) {
  return eventRecipients(
    tx,
    listActiveOperators(tx)
      .filter((o) => o.role === "admin")
      .map((o) => o.id),
  );
}

function tellAdmins(tx: Store, event: BusinessEvent, clock: Clock): void {
  notifyOperators(tx, admins(tx), event, clock);
}

/**
 * Telegram tells the bot that a business account connected it, changed its rights, or disconnected. Only an
 * active admin's account is served (anyone can connect a bot to their account); the admins hear once of a
 * refused one, and whenever an accepted one stops or resumes being able to answer. Answers waiting to go out
 * through a connection that can no longer send fail now, each telling its author why.
 */
export function recordConnection(db: Store, u: ConnectionUpdate, clock: Clock): BusinessConnection {
  const now = clock();
  return db.transaction((tx) => {
    const before = getAccount(tx, u.accountId);
    const accepted = before?.accepted === true || activeAdmin(tx, u.accountId) !== undefined;
    const values = {
      connectionId: u.connectionId,
      name: u.name,
      username: u.username ?? null,
      userChatId: u.userChatId,
      canReply: u.canReply,
      canRead: u.canRead,
      enabled: u.enabled,
      accepted,
      connectedAt: u.date,
      updatedAt: now,
    };
    const after = tx
      .insert(businessConnections)
      .values({ accountId: u.accountId, ...values })
      .onConflictDoUpdate({ target: businessConnections.accountId, set: values })
      .returning()
      .get();
    const account = after.name;
    if (!accepted) {
      if (!before) tellAdmins(tx, { kind: "business_refused", account }, clock);
      return after;
    }
    const could = before ? mayAnswerThrough(before) : false;
    const can = mayAnswerThrough(after);
    if (!before || (!before.accepted && accepted)) {
      tellAdmins(tx, can ? { kind: "business_connected", account } : { kind: "business_off", account, why: whyOff(after) }, clock);
    } else if (could && !can) {
      tellAdmins(tx, { kind: "business_off", account, why: whyOff(after) }, clock);
    } else if (!could && can) {
      tellAdmins(tx, { kind: "business_on", account }, clock);
    }
    if (!can) failPendingThrough(tx, after, { reason: "business_off", description: whyOff(after) }, clock);
    return after;
  });
}

function whyOff(c: BusinessConnection): "disabled" | "no_reply" {
  return c.enabled ? "no_reply" : "disabled";
}

/** Every answer still queued for the account's chats fails with the reason, and its author is told. */
function failPendingThrough(tx: Store, c: BusinessConnection, failure: Failure, clock: Clock): void {
  const addresses = tx
    .select({ a: businessChats.address })
    .from(businessChats)
    .where(eq(businessChats.accountId, c.accountId))
    .all()
    .map((r) => r.a);
  if (addresses.length === 0) return;
  const rows = tx
    .select()
    .from(outbox)
    .where(and(inArray(outbox.destinationChatId, addresses), sql`${outbox.status} = 'pending'`))
    .orderBy(outbox.id)
    .all() as OutboxRow[];
  for (const row of rows) failRow(tx, row, failure, clock);
}

/** A message in a business account's chat, as the bot layer parsed it. */
export type BusinessMessage = Omit<ClientMessage, "telegramChatId" | "businessAccountId" | "chatKind"> & {
  connectionId: string;
  /** The client's id: the chat's id in Telegram's business updates. */
  clientChatId: number;
};

export type BusinessOutcome = ClientMessageOutcome | { status: "ignored" } | { status: "answered" };

/** The inbox is one the team serves: known, and connected by an admin. */
function servedConnection(tx: Store, connectionId: string): BusinessConnection | undefined {
  const c = getConnectionById(tx, connectionId);
  return c?.accepted ? c : undefined;
}

/**
 * A client wrote to the business account: a chat of its own (the account's, not the bot's), served exactly like
 * a chat with the bot. Messages through an account no admin connected are ignored.
 */
export function recordBusinessMessage(db: Store, msg: BusinessMessage, clock: Clock): BusinessOutcome {
  return db.transaction((tx): BusinessOutcome => {
    const c = servedConnection(tx, msg.connectionId);
    if (!c) return { status: "ignored" };
    const address = businessChatAddress(tx, c.accountId, msg.clientChatId);
    noteClientMessage(tx, address, msg.telegramMessageId, clock());
    const { connectionId: _c, clientChatId: _id, ...rest } = msg;
    return recordClientMessage(tx, { ...rest, telegramChatId: address, chatKind: "private", businessAccountId: c.accountId }, clock);
  });
}

/** The client edited a message in the account's chat: operators get the new text, as for the bot's chats. */
export function recordBusinessEdit(
  db: Store,
  connectionId: string,
  clientChatId: number,
  telegramMessageId: number,
  text: string | undefined,
  clock: Clock,
): boolean {
  const address = addressOf(db, connectionId, clientChatId);
  return address !== undefined && recordClientEdit(db, address, telegramMessageId, text, clock);
}

function addressOf(db: Store, connectionId: string, clientChatId: number): number | undefined {
  const c = servedConnection(db, connectionId);
  if (!c) return undefined;
  return db
    .select({ a: businessChats.address })
    .from(businessChats)
    .where(and(eq(businessChats.accountId, c.accountId), eq(businessChats.clientChatId, clientChatId)))
    .get()?.a;
}

/**
 * Messages were deleted in the account's chat. The stored ones stay (history keeps what was said); operators
 * who follow the chat are told, on the first of them. Deleting the owner's own messages tells nobody.
 */
export function recordBusinessDeletion(
  db: Store,
  connectionId: string,
  clientChatId: number,
  telegramMessageIds: number[],
  clock: Clock,
): boolean {
  return db.transaction((tx) => {
    const address = addressOf(tx, connectionId, clientChatId);
    const chat = address === undefined ? undefined : getChatByTelegramId(tx, address);
    if (address === undefined || !chat) return false;
    const deleted = telegramMessageIds
      .map((id) => getMessageBySource(tx, address, id))
      .filter((m) => m?.direction === "in")
      .sort((a, b) => a!.id - b!.id);
    const first = deleted[0];
    if (!first) return false;
    const event = { kind: "client_deleted", chat: chatRef(chat), sender: first.senderName, count: deleted.length } as const;
    notifyAboutChat(tx, routineRecipients(tx, chat), chat, event, clock, first.id);
    return true;
  });
}

/** What the account's owner wrote to a client from their own app. */
export interface OwnerMessage {
  connectionId: string;
  clientChatId: number;
  /** The client's name, for a chat the owner opens before the client wrote to the account. */
  clientName: string;
  clientUsername?: string | undefined;
  telegramMessageId: number;
  kind: string;
  text?: string | undefined;
  mediaGroupId?: string | undefined;
  replyToTelegramMessageId?: number | undefined;
}

/**
 * The account's owner (or anyone using the account) answered a client from their own app: an answer like an
 * operator's, by that operator if the account is one (else by "the account"). It stops the watchdog, counts in
 * reports, and the chat's followers see it, so they know the client has been answered.
 */
export function recordOwnerMessage(db: Store, msg: OwnerMessage, clock: Clock): BusinessOutcome {
  const now = clock();
  return db.transaction((tx): BusinessOutcome => {
    const c = servedConnection(tx, msg.connectionId);
    if (!c) return { status: "ignored" };
    const address = businessChatAddress(tx, c.accountId, msg.clientChatId);
    if (isMessageStored(tx, address, msg.telegramMessageId)) return { status: "duplicate" };
    const chat =
      getChatByTelegramId(tx, address) ??
      tx
        .insert(chats)
        .values({
          telegramChatId: address,
          kind: "private",
          title: msg.clientName,
          username: msg.clientUsername ?? null,
          businessAccountId: c.accountId,
          createdAt: now,
          openedAt: now,
          lastActivityAt: now,
        })
        .returning()
        .get();
    const author = getActiveOperator(tx, c.accountId);
    const replyTo = msg.replyToTelegramMessageId
      ? (tx
          .select({ id: messages.id })
          .from(messages)
          .where(and(eq(messages.sourceChatId, address), eq(messages.sourceMessageId, msg.replyToTelegramMessageId)))
          .get()?.id ?? null)
      : null;
    const id = insertMessage(tx, {
      chatId: chat.id,
      direction: "out",
      authorOperatorId: author?.id ?? null,
      senderName: author?.name ?? c.name,
      kind: msg.kind,
      text: msg.text ?? null,
      mediaGroupId: msg.mediaGroupId ?? null,
      sourceChatId: address,
      sourceMessageId: msg.telegramMessageId,
      replyToMessageId: replyTo,
      firstResponseMs: chat.awaitingReplySince === null ? null : now - chat.awaitingReplySince,
      createdAt: now,
    });
    if (id === undefined) return { status: "duplicate" };
    tx.update(chats)
      .set({ awaitingReplySince: null, watchdogStage: 0, ...reopenOnActivity(now) })
      .where(eq(chats.id, chat.id))
      .run();
    const followers = routineRecipients(tx, chat).filter((r) => r.operatorId !== author?.id);
    const event = {
      kind: "account_answered",
      chat: chatRef(chat),
      account: c.name,
      author: author?.name ?? null,
      messageKind: msg.kind,
      text: msg.text,
    } as const;
    notifyAboutChat(tx, followers, chat, event, clock, replyTo ?? undefined);
    return { status: "answered" };
  });
}

/** Whether the sender of a business message is the account itself (its owner, writing from their app). */
export function isFromAccount(db: Store, connectionId: string, senderId: number | undefined): boolean {
  const c = getConnectionById(db, connectionId);
  return c !== undefined && senderId === c.accountId;
}
