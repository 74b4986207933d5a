import { and, desc, eq, lt } from "drizzle-orm";
import { statement } from "../db/prepared.js";
import { searches } from "../db/schema.js";
import type { Clock, Store } from "../db/store.js";
import { getAccount } from "./business-chats.js";
import type { ChatListItem } from "./chat-list.js";
import { getChat } from "./chats.js";
import { getActiveOperator, getOperator } from "./people.js";
import { indexNewRows } from "./search-index.js";

/** The newest matching message of a chat, shown under it in the results. */
export interface SearchMatch {
  messageId: number;
  direction: "in" | "out";
  senderName: string;
  text: string;
  at: number;
}

/** A chat that matched: by the client's name or username (match null) or by a message of either side. */
export interface SearchHit {
  chat: ChatListItem;
  match: SearchMatch | null;
}

export type SearchOutcome = { ok: true; hits: SearchHit[]; more: boolean } | { ok: false; reason: "not_operator" | "no_words" };

/** Past this many words a query only gets slower, not better. */
const MAX_WORDS = 8;
/** Stored searches (for the paging buttons) live this long. */
export const SEARCH_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * A person's words as an FTS5 query that cannot be read as syntax: every run of letters and digits becomes one
 * quoted word (so AND, OR, NOT, NEAR, quotes, brackets, colons and stars are just characters that split words, as
 * the index's own unicode61 tokenizer splits them), all of them required, and with `prefix` the last one matched
 * as the start of a word. Undefined when no word is left.
 */
export function ftsQuery(words: string, prefix = true): string | undefined {
  const tokens = (words.normalize("NFKC").match(/[\p{L}\p{N}\p{M}]+/gu) ?? []).slice(0, MAX_WORDS);
  if (tokens.length === 0) return undefined;
  return tokens.map((w, i) => `"${w}"${prefix && i === tokens.length - 1 ? "*" : ""}`).join(" ");
}

interface MessageRow {
  id: number;
  chat_id: number;
  direction: "in" | "out";
  sender_name: string;
  text: string;
  created_at: number;
}

/**
 * The newest matching message of each of the first `want` chats, in the order of their newest match. FTS5 hands out
 * matches newest first (message ids grow with time) one at a time, so reading stops as soon as enough chats were
 * seen: a common word costs its first few matches, not all of them.
 */
function messageMatches(db: Store, query: string, want: number): Map<number, SearchMatch> {
  const found = new Map<number, SearchMatch>();
  const rows = statement(
    db,
    `SELECT m.id, m.chat_id, m.direction, m.sender_name, m.text, m.created_at FROM messages_fts f JOIN messages m ON m.id = f.rowid
     WHERE messages_fts MATCH ? ORDER BY f.rowid DESC`,
  ).iterate(query) as IterableIterator<MessageRow>;
  for (const r of rows) {
    if (found.has(r.chat_id)) continue;
    found.set(r.chat_id, { messageId: r.id, direction: r.direction, senderName: r.sender_name, text: r.text, at: r.created_at });
    // Leaving the loop ends the statement (better-sqlite3 resets it), so it is ready for the next search.
    if (found.size >= want) break;
  }
  return found;
}

/** Chats whose client's name or username matches, most recently active first. */
function nameMatches(db: Store, query: string, want: number): number[] {
  const rows = statement(
    db,
    "SELECT c.id FROM chats_fts f JOIN chats c ON c.id = f.rowid WHERE chats_fts MATCH ? ORDER BY c.last_activity_at DESC, c.id DESC LIMIT ?",
  ).all(query, want) as Array<{ id: number }>;
  return rows.map((r) => r.id);
}

/**
 * What an operator may search: every chat, as they may list every chat. Anyone not an active operator is refused.
 */
export function searchChats(db: Store, actorId: number, words: string, limit: number, offset = 0): SearchOutcome {
  if (!getActiveOperator(db, actorId)) return { ok: false, reason: "not_operator" };
  return findChats(db, words, limit, offset);
}

/**
 * Chats matching every word, newest first: a chat found by its client's name counts at its last activity, one found
 * by a message at that message's time. `offset`-paged like the chat list. For callers already authorized (an
 * operator through searchChats, the API through its token).
 */
export function findChats(db: Store, words: string, limit: number, offset = 0): SearchOutcome {
  const whole = ftsQuery(words, false);
  if (!whole) return { ok: false, reason: "no_words" };
  // Whatever was stored before the search is found by it, even if no batch has taken it into the index yet. Should
  // that fail (a full disk, a read-only file), the search still answers from what is indexed.
  try {
    indexNewRows(db);
  } catch {
    // The timer in main.ts logs the same failure and tries again.
  }
  const want = offset + limit + 1;
  let byMessage = messageMatches(db, whole, want);
  let byName = nameMatches(db, whole, want);
  /*
   * People search while still typing ("refu" for "refund"), so the last word may be the start of a word, but only
   * when the words as written match nothing: a prefix makes FTS5 read and merge the whole list of every word it
   * starts, which on a large store costs many times the lazy read of whole words. The choice depends only on the
   * words, so every page of one search is ranked alike.
   */
  if (byMessage.size === 0 && byName.length === 0) {
    const prefixed = ftsQuery(words, true)!;
    byMessage = messageMatches(db, prefixed, want);
    byName = nameMatches(db, prefixed, want);
  }
  const named = new Set(byName);
  // A page is at most a few dozen chats: one compiled lookup each costs less than building a query for them all.
  const ranked = [...new Set([...byName, ...byMessage.keys()])]
    .map((id) => {
      const chat = getChat(db, id)!;
      const match = byMessage.get(id) ?? null;
      const responsibleName = chat.responsibleId === null ? null : (getOperator(db, chat.responsibleId)?.name ?? null);
      const inboxName = chat.businessAccountId === null ? null : (getAccount(db, chat.businessAccountId)?.name ?? null);
      return { hit: { chat: { ...chat, responsibleName, inboxName }, match }, at: named.has(id) ? chat.lastActivityAt : match!.at };
    })
    .sort((a, b) => b.at - a.at || b.hit.chat.id - a.hit.chat.id);
  return { ok: true, hits: ranked.slice(offset, offset + limit).map((r) => r.hit), more: ranked.length > offset + limit };
}

/** Keeps an operator's search so its paging buttons can find the words again; prunes searches past their lifetime. */
export function rememberSearch(db: Store, operatorId: number, words: string, clock: Clock): number {
  const now = clock();
  return db.transaction((tx) => {
    tx.delete(searches)
      .where(lt(searches.createdAt, now - SEARCH_LIFETIME_MS))
      .run();
    return tx.insert(searches).values({ operatorId, query: words, createdAt: now }).returning({ id: searches.id }).get().id;
  });
}

/** The words of one of the operator's own stored searches; another's, or one pruned, is not found. */
export function storedSearch(db: Store, operatorId: number, id: number): string | undefined {
  return db
    .select({ query: searches.query })
    .from(searches)
    .where(and(eq(searches.id, id), eq(searches.operatorId, operatorId)))
    .orderBy(desc(searches.id))
    .get()?.query;
}
