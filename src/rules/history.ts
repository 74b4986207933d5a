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

/** The whole conversation as plain text, for the transcript file. */
export function transcript(db: Store, chatId: number): string {
  const rows = db.select().from(messages).where(eq(messages.chatId, chatId)).orderBy(messages.createdAt, messages.id).all();
  return rows.map(formatLine).join("\n") + "\n";
}

/** One history line: time, author (operators marked as such), and the text or the kind of message. */
export function formatLine(m: StoredMessage): string {
  const time = new Date(m.createdAt).toISOString().slice(0, 16).replace("T", " ");
  const who = m.direction === "out" ? `${m.senderName} (operator)` : m.senderName;
  const body = m.kind === "text" ? m.text ?? "" : `[${m.kind}]${m.text ? ` ${m.text}` : ""}`;
  return `${time} ${who}: ${body}`;
}
