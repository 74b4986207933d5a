import { and, eq, isNotNull, lt, lte, sql } from "drizzle-orm";
import { businessChats, businessConnections, chats } from "../db/schema.js";
import type { Clock, Store } from "../db/store.js";
import type { Chat } from "./chats.js";
import { enqueue } from "./outbox.js";

export type BusinessConnection = typeof businessConnections.$inferSelect;
export type BusinessChat = typeof businessChats.$inferSelect;

/** Business chats' addresses lie below every Telegram chat id (Telegram ids have at most 52 significant bits). */
const ADDRESS_BASE = -(2 ** 52);

export function isBusinessAddress(telegramChatId: number): boolean {
  return telegramChatId < ADDRESS_BASE;
}

/** Telegram lets a business bot answer a chat only within 24 hours of the client's last message there. */
export const BUSINESS_WINDOW_MS = 24 * 60 * 60 * 1000;

export function getConnectionById(db: Store, connectionId: string): BusinessConnection | undefined {
  return db.select().from(businessConnections).where(eq(businessConnections.connectionId, connectionId)).get();
}

export function getAccount(db: Store, accountId: number): BusinessConnection | undefined {
  return db.select().from(businessConnections).where(eq(businessConnections.accountId, accountId)).get();
}

export function listConnections(db: Store): BusinessConnection[] {
  return db.select().from(businessConnections).orderBy(businessConnections.name).all();
}

/** The connection may be used to answer: connected by an admin, enabled, with the right to reply. */
export function mayAnswerThrough(c: BusinessConnection): boolean {
  return c.accepted && c.enabled && c.canReply;
}

export function businessChatAt(db: Store, address: number): BusinessChat | undefined {
  return db.select().from(businessChats).where(eq(businessChats.address, address)).get();
}

/** The address of the account's chat with a client, made on first sight (see business_chats). */
export function businessChatAddress(tx: Store, accountId: number, clientChatId: number): number {
  const found = tx
    .select({ address: businessChats.address })
    .from(businessChats)
    .where(and(eq(businessChats.accountId, accountId), eq(businessChats.clientChatId, clientChatId)))
    .get();
  if (found) return found.address;
  const lowest = tx.get<{ a: number | null }>(sql`SELECT min(address) AS a FROM business_chats`)?.a ?? null;
  const address = (lowest ?? ADDRESS_BASE) - 1;
  tx.insert(businessChats).values({ address, accountId, clientChatId }).run();
  return address;
}

/** The client wrote: the 24-hour window starts again, and this is the message a later answer marks read. */
export function noteClientMessage(tx: Store, address: number, telegramMessageId: number, at: number): void {
  tx.update(businessChats)
    .set({
      lastClientMessageAt: sql`max(coalesce(${businessChats.lastClientMessageAt}, 0), ${at})`,
      lastClientMessageId: sql`max(coalesce(${businessChats.lastClientMessageId}, 0), ${telegramMessageId})`,
    })
    .where(eq(businessChats.address, address))
    .run();
}

/** When Telegram stops letting the bot answer this chat (undefined for a bot chat or one the client never wrote). */
export function windowEndsAt(db: Store, chat: Chat): number | undefined {
  if (chat.businessAccountId === null) return undefined;
  const at = businessChatAt(db, chat.telegramChatId)?.lastClientMessageAt;
  return at === null || at === undefined ? undefined : at + BUSINESS_WINDOW_MS;
}

/**
 * After an operator's answer to a business chat, the client's messages are marked read on the account's behalf,
 * when the connection has that right. Queued behind the answer, in the chat's own order.
 */
export function queueReadReceipt(tx: Store, chat: Chat, clock: Clock): void {
  if (chat.businessAccountId === null) return;
  const account = getAccount(tx, chat.businessAccountId);
  const target = businessChatAt(tx, chat.telegramChatId);
  if (!account?.canRead || !mayAnswerThrough(account) || !target?.lastClientMessageId) return;
  enqueue(
    tx,
    {
      destinationChatId: chat.telegramChatId,
      destination: "client",
      payload: { type: "business_read", telegramMessageId: target.lastClientMessageId },
      chatId: chat.id,
    },
    clock,
  );
}

/** The inboxes for /inboxes: admin-only, like every team-wide view of configuration. */
export function inboxesFor(
  db: Store,
  actorId: number,
): { ok: true; connections: BusinessConnection[] } | { ok: false; reason: "not_admin" } {
  const actor = db.get<{ role: string; active: number }>(sql`SELECT role, active FROM operators WHERE id = ${actorId}`);
  if (actor?.role !== "admin" || actor.active !== 1) return { ok: false, reason: "not_admin" };
  return { ok: true, connections: listConnections(db) };
}

/** An unanswered business chat this close to the end of its window is urgent, whatever the watchdog's minutes. */
export const WINDOW_URGENT_MS = 2 * 60 * 60 * 1000;

/**
 * Open business chats still waiting for an answer whose 24-hour window ends within WINDOW_URGENT_MS and which the
 * watchdog has not escalated yet: after the window only the account's owner can answer.
 */
export function closingWindows(db: Store, now: number): Chat[] {
  return db
    .select({ chat: chats })
    .from(chats)
    .innerJoin(businessChats, eq(businessChats.address, chats.telegramChatId))
    .where(
      and(
        eq(chats.status, "open"),
        isNotNull(chats.awaitingReplySince),
        lt(chats.watchdogStage, 2),
        lte(businessChats.lastClientMessageAt, now - (BUSINESS_WINDOW_MS - WINDOW_URGENT_MS)),
      ),
    )
    .all()
    .map((r) => r.chat);
}
