import { desc, eq, sql } from "drizzle-orm";
import { messages } from "../db/schema.js";
import type { Store } from "../db/store.js";
import type { StoredMessage } from "./chats.js";

/** A page of a chat's messages, newest page first, each page in reading order (oldest at the top). */
export function chatHistory(db: Store, chatId: number, page: number, pageSize: number): { messages: StoredMessage[]; hasOlder: boolean } {
  const rows = db
    .select()
    .from(messages)
    .where(eq(messages.chatId, chatId))
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(pageSize + 1)
    .offset(page * pageSize)
    .all();
  return { messages: rows.slice(0, pageSize).reverse(), hasOlder: rows.length > pageSize };
}

export function messageCount(db: Store, chatId: number): number {
  return db.get<{ n: number }>(sql`SELECT count(*) AS n FROM messages WHERE chat_id = ${chatId}`)?.n ?? 0;
}
