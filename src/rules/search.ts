import { and, desc, eq, inArray, lt, sql } from "drizzle-orm";
import { chats, operators, searches } from "../db/schema.js";
import type { Clock, Store } from "../db/store.js";
import type { ChatListItem } from "./chat-list.js";
import { getActiveOperator } from "./people.js";

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
/**
 * Message matches are read newest first in slices, until enough different chats were seen: a small first slice,
 * since each match read costs a lookup of its message (a disk read when the store is cold), then growing ones.
 */
const FIRST_SLICE = 128;
const LAST_SLICE = 2_048;
/** Stored searches (for the paging buttons) live this long. */
export const SEARCH_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * A person's words as an FTS5 query that cannot be read as syntax: every run of letters and digits becomes one
 * quoted word (so AND, OR, NOT, NEAR, quotes, brackets, colons and stars are just characters that split words, as
 * the index's own unicode61 tokenizer splits them), all of them required, and the last one matched as a prefix
 * (people search while still typing: "refu" finds "refund"). Undefined when no word is left.
 */
export function ftsQuery(words: string): string | undefined {
  const tokens = (words.normalize("NFKC").match(/[\p{L}\p{N}\p{M}]+/gu) ?? []).slice(0, MAX_WORDS);
  if (tokens.length === 0) return undefined;
  return tokens.map((w, i) => `"${w}"${i === tokens.length - 1 ? "*" : ""}`).join(" ");
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
 * The newest matching message of each of the first `want` chats, in the order of their newest match. The index is
 * read newest first (message ids grow with time) in slices, so a common word costs a few slices, not every match.
 */
function messageMatches(db: Store, query: string, want: number): Map<number, SearchMatch> {
  const found = new Map<number, SearchMatch>();
  let before = Number.MAX_SAFE_INTEGER;
  for (let slice = Math.max(FIRST_SLICE, want * 8); ; slice = Math.min(slice * 4, LAST_SLICE)) {
    const rows = db.all<MessageRow>(
      sql`SELECT m.id, m.chat_id, m.direction, m.sender_name, m.text, m.created_at FROM messages_fts f JOIN messages m ON m.id = f.rowid
          WHERE messages_fts MATCH ${query} AND f.rowid < ${before} ORDER BY f.rowid DESC LIMIT ${slice}`,
    );
    for (const r of rows) {
      if (found.has(r.chat_id)) continue;
      found.set(r.chat_id, { messageId: r.id, direction: r.direction, senderName: r.sender_name, text: r.text, at: r.created_at });
      if (found.size >= want) return found;
    }
    if (rows.length < slice) return found;
    before = rows.at(-1)!.id;
  }
}

/** Chats whose client's name or username matches, most recently active first. */
function nameMatches(db: Store, query: string, want: number): number[] {
  return db
    .all<{ id: number }>(
      sql`SELECT c.id FROM chats_fts f JOIN chats c ON c.id = f.rowid WHERE chats_fts MATCH ${query}
          ORDER BY c.last_activity_at DESC, c.id DESC LIMIT ${want}`,
    )
    .map((r) => r.id);
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
  const query = ftsQuery(words);
  if (!query) return { ok: false, reason: "no_words" };
  const want = offset + limit + 1;
  const byMessage = messageMatches(db, query, want);
  const byName = nameMatches(db, query, want);
  const ids = [...new Set([...byName, ...byMessage.keys()])];
  if (ids.length === 0) return { ok: true, hits: [], more: false };
  const rows = db
    .select({ chat: chats, responsibleName: operators.name })
    .from(chats)
    .leftJoin(operators, eq(chats.responsibleId, operators.id))
    .where(inArray(chats.id, ids))
    .all();
  const named = new Set(byName);
  const ranked = rows
    .map((r) => {
      const match = byMessage.get(r.chat.id) ?? null;
      const at = named.has(r.chat.id) ? r.chat.lastActivityAt : match!.at;
      return { hit: { chat: { ...r.chat, responsibleName: r.responsibleName }, match }, at };
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
