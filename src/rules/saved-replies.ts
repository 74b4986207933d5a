import { and, asc, eq, isNull, or } from "drizzle-orm";
import { savedReplies } from "../db/schema.js";
import type { Clock, Store } from "../db/store.js";
import { activeAdmin, getActiveOperator } from "./people.js";

export type SavedReply = typeof savedReplies.$inferSelect;

/** The team's library (admins manage it) or the acting operator's own replies. */
export type Section = "team" | "own";

/** Kinds a saved reply can be: text, or media an inline result can send again by its file id. */
export const SAVED_KINDS = ["text", "photo", "video", "document", "animation", "audio", "voice", "sticker"] as const;
export type SavedKind = (typeof SAVED_KINDS)[number];

export const TITLE_LIMIT = 64;
/** Telegram's limits for a message's text and a caption. */
const TEXT_LIMIT = 4096;
const CAPTION_LIMIT = 1024;
/** Telegram shows at most 50 inline results per answer. */
export const INLINE_RESULTS_LIMIT = 50;

export interface SavedContent {
  kind: string;
  text?: string | undefined;
  entities?: unknown[] | undefined;
  fileId?: string | undefined;
}

export type SavedReplyRefusal = "not_operator" | "not_admin" | "not_found" | "bad_title" | "bad_content";
export type SavedReplyOutcome = { ok: true; reply: SavedReply } | { ok: false; reason: SavedReplyRefusal };

const refused = (reason: SavedReplyRefusal) => ({ ok: false, reason }) as const;

/**
 * Who may change a reply: the team's library only an active admin (anyone else is refused as not an admin, like
 * every admin-only rule), an own reply only its owner. Someone else's own reply is answered as if it did not exist.
 */
export function manageRefusal(tx: Store, actorId: number, ownerId: number | null): SavedReplyRefusal | undefined {
  if (ownerId === null) return activeAdmin(tx, actorId) ? undefined : "not_admin";
  if (!getActiveOperator(tx, actorId)) return "not_operator";
  return ownerId === actorId ? undefined : "not_found";
}

function checkTitle(title: string): string | undefined {
  const trimmed = title.trim();
  return trimmed.length >= 1 && trimmed.length <= TITLE_LIMIT && !trimmed.startsWith("/") ? trimmed : undefined;
}

function checkContent(content: SavedContent): boolean {
  if (!(SAVED_KINDS as readonly string[]).includes(content.kind)) return false;
  if (content.kind === "text") return content.text !== undefined && content.text.trim().length > 0 && content.text.length <= TEXT_LIMIT;
  if (!content.fileId) return false;
  return content.kind === "sticker" ? !content.text : (content.text ?? "").length <= CAPTION_LIMIT;
}

function contentColumns(content: SavedContent) {
  return {
    kind: content.kind,
    text: content.text ?? null,
    entities: content.entities && content.entities.length > 0 ? content.entities : null,
    fileId: content.kind === "text" ? null : (content.fileId ?? null),
  };
}

export function addSavedReply(
  db: Store,
  actorId: number,
  section: Section,
  title: string,
  content: SavedContent,
  clock: Clock,
): SavedReplyOutcome {
  return db.transaction((tx): SavedReplyOutcome => {
    const ownerId = section === "team" ? null : actorId;
    const refusal = manageRefusal(tx, actorId, ownerId);
    if (refusal) return refused(refusal);
    const name = checkTitle(title);
    if (name === undefined) return refused("bad_title");
    if (!checkContent(content)) return refused("bad_content");
    const now = clock();
    const reply = tx
      .insert(savedReplies)
      .values({ ownerId, title: name, ...contentColumns(content), createdBy: actorId, createdAt: now, updatedAt: now })
      .returning()
      .get();
    return { ok: true, reply };
  });
}

/** A new title, new content, or both; what is not given stays. */
export function editSavedReply(
  db: Store,
  actorId: number,
  id: number,
  change: { title?: string | undefined; content?: SavedContent | undefined },
  clock: Clock,
): SavedReplyOutcome {
  return db.transaction((tx): SavedReplyOutcome => {
    const reply = tx.select().from(savedReplies).where(eq(savedReplies.id, id)).get();
    if (!reply) return refused(getActiveOperator(tx, actorId) ? "not_found" : "not_operator");
    const refusal = manageRefusal(tx, actorId, reply.ownerId);
    if (refusal) return refused(refusal);
    const title = change.title === undefined ? reply.title : checkTitle(change.title);
    if (title === undefined) return refused("bad_title");
    if (change.content && !checkContent(change.content)) return refused("bad_content");
    const updated = tx
      .update(savedReplies)
      .set({ title, ...(change.content ? contentColumns(change.content) : {}), updatedAt: clock() })
      .where(eq(savedReplies.id, id))
      .returning()
      .get();
    return { ok: true, reply: updated };
  });
}

export function deleteSavedReply(db: Store, actorId: number, id: number): SavedReplyOutcome {
  return db.transaction((tx): SavedReplyOutcome => {
    const reply = tx.select().from(savedReplies).where(eq(savedReplies.id, id)).get();
    if (!reply) return refused(getActiveOperator(tx, actorId) ? "not_found" : "not_operator");
    const refusal = manageRefusal(tx, actorId, reply.ownerId);
    if (refusal) return refused(refusal);
    tx.delete(savedReplies).where(eq(savedReplies.id, id)).run();
    return { ok: true, reply };
  });
}

/** A reply the acting operator may see (the team's or their own); nothing for anyone else. */
export function getSavedReply(db: Store, actorId: number, id: number): SavedReply | undefined {
  if (!getActiveOperator(db, actorId)) return undefined;
  return db
    .select()
    .from(savedReplies)
    .where(and(eq(savedReplies.id, id), or(isNull(savedReplies.ownerId), eq(savedReplies.ownerId, actorId))))
    .get();
}

/** One section as the acting operator sees it, by title; empty for anyone who is not an active operator. */
export function listSavedReplies(db: Store, actorId: number, section: Section): SavedReply[] {
  if (!getActiveOperator(db, actorId)) return [];
  return db
    .select()
    .from(savedReplies)
    .where(section === "team" ? isNull(savedReplies.ownerId) : eq(savedReplies.ownerId, actorId))
    .orderBy(asc(savedReplies.title), asc(savedReplies.id))
    .all();
}

/**
 * What an inline query offers: the replies whose title or text contain every word typed (any case), the
 * operator's own first, then the team's, each by title; at most 50, Telegram's limit. Only an active operator
 * gets anything. Libraries are small (tens to hundreds), so the matching runs here rather than in SQL, which
 * would fold the case of Latin letters only.
 */
export function matchSavedReplies(db: Store, actorId: number, query: string, limit = INLINE_RESULTS_LIMIT): SavedReply[] {
  if (!getActiveOperator(db, actorId)) return [];
  const words = query.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  const matches = (r: SavedReply) => {
    const haystack = `${r.title}\n${r.text ?? ""}`.toLocaleLowerCase();
    return words.every((w) => haystack.includes(w));
  };
  return [...listSavedReplies(db, actorId, "own"), ...listSavedReplies(db, actorId, "team")].filter(matches).slice(0, limit);
}

/** The placeholders a saved reply may hold, filled in for the client when the operator sends it. */
export const PLACEHOLDERS = ["client_name", "operator_name"] as const;
export type PlaceholderValues = Record<(typeof PLACEHOLDERS)[number], string>;

interface Entity {
  offset: number;
  length: number;
}

/**
 * The text with its placeholders filled in, and its formatting moved along with the words (entity offsets
 * count UTF-16 code units, as JavaScript strings do). `changed` is false when there was nothing to fill.
 */
export function fillPlaceholders(
  text: string,
  entities: unknown[] | undefined,
  values: PlaceholderValues,
): { text: string; entities: unknown[] | undefined; changed: boolean } {
  const shifts: Array<{ at: number; end: number; delta: number }> = [];
  let out = "";
  let last = 0;
  for (const m of text.matchAll(/\{(client_name|operator_name)\}/g)) {
    const value = values[m[1] as keyof PlaceholderValues];
    out += text.slice(last, m.index) + value;
    shifts.push({ at: m.index, end: m.index + m[0].length, delta: value.length - m[0].length });
    last = m.index + m[0].length;
  }
  if (shifts.length === 0) return { text, entities, changed: false };
  out += text.slice(last);
  // A position inside a placeholder moves to the edge of its value, so formatting that covered it covers the value.
  const moved = (pos: number, edge: "start" | "end"): number => {
    let delta = 0;
    for (const s of shifts) {
      if (pos >= s.end) delta += s.delta;
      else if (pos > s.at) return edge === "end" ? s.end + delta + s.delta : s.at + delta;
      else break;
    }
    return pos + delta;
  };
  const shifted = (entities as Entity[] | undefined)
    ?.map((e) => {
      const offset = moved(e.offset, "start");
      return { ...e, offset, length: moved(e.offset + e.length, "end") - offset };
    })
    .filter((e) => e.length > 0);
  return { text: out, entities: shifted && shifted.length > 0 ? shifted : undefined, changed: true };
}
