import { and, desc, eq, sql } from "drizzle-orm";
import { chats, locations, messages } from "../db/schema.js";
import type { Store } from "../db/store.js";

export type Chat = typeof chats.$inferSelect;
export type StoredMessage = typeof messages.$inferSelect;
export type LocationKind = (typeof locations.$inferSelect)["kind"];

export function getChat(db: Store, id: number): Chat | undefined {
  return db.select().from(chats).where(eq(chats.id, id)).get();
}

export function getChatByTelegramId(db: Store, telegramChatId: number): Chat | undefined {
  return db.select().from(chats).where(eq(chats.telegramChatId, telegramChatId)).get();
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
  db.insert(locations)
    .values({ ...at, chatId, messageId, kind })
    .onConflictDoUpdate({
      target: [locations.telegramChatId, locations.telegramMessageId],
      set: { chatId, messageId, kind },
    })
    .run();
}

/** What a Telegram message in some chat stands for: which client chat, and which stored message if any. */
export function resolveLocation(db: Store, telegramChatId: number, telegramMessageId: number) {
  return db
    .select()
    .from(locations)
    .where(and(eq(locations.telegramChatId, telegramChatId), eq(locations.telegramMessageId, telegramMessageId)))
    .get();
}

/** Where a stored message can be seen in a given Telegram chat (its original or the copy sent there). */
export function locateMessageIn(db: Store, messageId: number, telegramChatId: number): number | undefined {
  return db
    .select({ id: locations.telegramMessageId })
    .from(locations)
    .where(and(eq(locations.messageId, messageId), eq(locations.telegramChatId, telegramChatId)))
    .orderBy(desc(locations.telegramMessageId))
    .get()?.id;
}

/** The newest card for a chat in one operator's private chat, which is the one worth refreshing. */
export function latestCardIn(db: Store, chatId: number, telegramChatId: number): number | undefined {
  return db
    .select({ id: locations.telegramMessageId })
    .from(locations)
    .where(and(eq(locations.chatId, chatId), eq(locations.kind, "card"), eq(locations.telegramChatId, telegramChatId)))
    .orderBy(desc(locations.telegramMessageId))
    .get()?.id;
}

/** Every operator chat that holds a card for this chat (one per operator: the newest). */
export function cardHolders(db: Store, chatId: number): number[] {
  return db
    .selectDistinct({ telegramChatId: locations.telegramChatId })
    .from(locations)
    .where(and(eq(locations.chatId, chatId), eq(locations.kind, "card")))
    .all()
    .map((r) => r.telegramChatId);
}

export function getMessageBySource(db: Store, sourceChatId: number, sourceMessageId: number): StoredMessage | undefined {
  return db
    .select()
    .from(messages)
    .where(and(eq(messages.sourceChatId, sourceChatId), eq(messages.sourceMessageId, sourceMessageId)))
    .get();
}

/** Bumps the chat's version; any change that alters what a card shows goes through here. */
export function touchChat(db: Store, chatId: number, set: Partial<Chat>): void {
  db.update(chats)
    .set({ ...set, version: sql`${chats.version} + 1` })
    .where(eq(chats.id, chatId))
    .run();
}
