import { and, asc, eq } from "drizzle-orm";
import { chatNotes } from "../db/schema.js";
import type { Clock, Store } from "../db/store.js";
import { type Chat, getChat } from "./chats.js";
import { chatRef } from "./events.js";
import { tellFollowers } from "./notifications.js";
import { getActiveOperator } from "./people.js";

export type Note = typeof chatNotes.$inferSelect;

/** A note's longest text: with the notice's heading it stays inside one Telegram message (4096). */
export const NOTE_LIMIT = 3500;

/** Who writes a note: an operator in the console, or an integration through the API (no operator). */
export type NoteAuthor = { operatorId: number } | { api: true };

export interface NewNote {
  chatId: number;
  author: NoteAuthor;
  text: string;
  /** The operator's /note message, so a replayed update stores nothing twice. */
  source?: { chatId: number; messageId: number } | undefined;
  /** The client's message the note is about: colleagues see it threaded under their copy. */
  replyToMessageId?: number | undefined;
}

export type NoteOutcome =
  | { ok: true; note: Note; chat: Chat; recipients: number; duplicate: boolean }
  | { ok: false; reason: "not_operator" | "not_found" | "empty" | "too_long" };

/**
 * Stores a note and shows it to the colleagues a client's message in this chat would reach (the responsible,
 * and those following all chats or, while nobody is responsible, new chats), except its author. Nothing goes
 * to the client: every row queued here is for an operator.
 */
export function addNote(db: Store, n: NewNote, clock: Clock): NoteOutcome {
  return db.transaction((tx): NoteOutcome => {
    if (n.source) {
      const seen = tx
        .select()
        .from(chatNotes)
        .where(and(eq(chatNotes.sourceChatId, n.source.chatId), eq(chatNotes.sourceMessageId, n.source.messageId)))
        .get();
      if (seen) return { ok: true, note: seen, chat: getChat(tx, seen.chatId)!, recipients: 0, duplicate: true };
    }
    const author = "operatorId" in n.author ? getActiveOperator(tx, n.author.operatorId) : undefined;
    if ("operatorId" in n.author && !author) return { ok: false, reason: "not_operator" };
    const chat = getChat(tx, n.chatId);
    if (!chat) return { ok: false, reason: "not_found" };
    const text = n.text.trim();
    if (text === "") return { ok: false, reason: "empty" };
    if ([...text].length > NOTE_LIMIT) return { ok: false, reason: "too_long" };
    const note = tx
      .insert(chatNotes)
      .values({
        chatId: chat.id,
        authorOperatorId: author?.id ?? null,
        authorName: author?.name ?? null,
        text,
        sourceChatId: n.source?.chatId ?? null,
        sourceMessageId: n.source?.messageId ?? null,
        createdAt: clock(),
      })
      .returning()
      .get();
    const told = tellFollowers(
      tx,
      chat,
      author?.id,
      { kind: "note", chat: chatRef(chat), author: note.authorName, text },
      { replyToMessageId: n.replyToMessageId },
      clock,
    );
    return { ok: true, note, chat, recipients: told, duplicate: false };
  });
}

/** A chat's notes, oldest first. */
export function listNotes(db: Store, chatId: number): Note[] {
  return db.select().from(chatNotes).where(eq(chatNotes.chatId, chatId)).orderBy(asc(chatNotes.createdAt), asc(chatNotes.id)).all();
}
