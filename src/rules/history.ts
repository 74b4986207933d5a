import { inArray, sql } from "drizzle-orm";
import { chatNotes, messages } from "../db/schema.js";
import type { Store } from "../db/store.js";
import type { StoredMessage } from "./chats.js";
import type { Note } from "./notes.js";

/** One line of a chat's history: a message of either side, or a colleague's private note. */
export type HistoryEntry = ({ note: false } & StoredMessage) | ({ note: true } & Note);

/**
 * A page of a chat's history (messages and notes), newest page first, each page in reading order (oldest at the
 * top). The two tables are merged by time in SQL, each walked through its own (chat, time) index.
 */
export function chatHistory(db: Store, chatId: number, page: number, pageSize: number): { messages: HistoryEntry[]; hasOlder: boolean } {
  const keys = db.all<{ isNote: number; id: number }>(
    sql`SELECT 0 AS isNote, id, created_at FROM messages WHERE chat_id = ${chatId}
        UNION ALL SELECT 1, id, created_at FROM chat_notes WHERE chat_id = ${chatId}
        ORDER BY created_at DESC, isNote DESC, id DESC LIMIT ${pageSize + 1} OFFSET ${page * pageSize}`,
  );
  const page_ = keys.slice(0, pageSize);
  const messageIds = page_.filter((k) => !k.isNote).map((k) => k.id);
  const noteIds = page_.filter((k) => k.isNote).map((k) => k.id);
  const byMessage = new Map(
    (messageIds.length ? db.select().from(messages).where(inArray(messages.id, messageIds)).all() : []).map((m) => [m.id, m]),
  );
  const byNote = new Map(
    (noteIds.length ? db.select().from(chatNotes).where(inArray(chatNotes.id, noteIds)).all() : []).map((n) => [n.id, n]),
  );
  const entries = page_.map(
    (k): HistoryEntry => (k.isNote ? { note: true, ...byNote.get(k.id)! } : { note: false, ...byMessage.get(k.id)! }),
  );
  return { messages: entries.reverse(), hasOlder: keys.length > pageSize };
}

/** How many entries (messages and notes) the chat's history holds. */
export function messageCount(db: Store, chatId: number): number {
  return (
    db.get<{ n: number }>(
      sql`SELECT (SELECT count(*) FROM messages WHERE chat_id = ${chatId}) + (SELECT count(*) FROM chat_notes WHERE chat_id = ${chatId}) AS n`,
    )?.n ?? 0
  );
}
