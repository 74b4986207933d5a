import { and, asc, count, eq, inArray } from "drizzle-orm";
import { chatTags, tags } from "../db/schema.js";
import type { Clock, Store } from "../db/store.js";
import { getChat } from "./chats.js";
import { activeAdmin, getActiveOperator, NOT_ADMIN, type NotAdmin } from "./people.js";

export type Tag = typeof tags.$inferSelect;

/** A tag's longest name; short enough for a button and a line of the card. */
export const TAG_NAME_LIMIT = 32;
/** The team's list fits on one menu of buttons under a card. */
export const TEAM_TAG_LIMIT = 40;

/**
 * A tag's name as the team writes it: lower case, without a leading #, one word of letters, digits, _ and -,
 * at most TAG_NAME_LIMIT characters. Undefined for anything else.
 */
export function normaliseTag(raw: string): string | undefined {
  const name = raw.trim().replace(/^#/, "").toLowerCase();
  if (name.length === 0 || [...name].length > TAG_NAME_LIMIT) return undefined;
  return /^[\p{L}\p{N}_-]+$/u.test(name) ? name : undefined;
}

/** The words of a command's argument as tag names: `vip, billing #urgent`. */
export function tagWords(text: string): string[] {
  return text.split(/[\s,]+/).filter((w) => w !== "");
}

export function listTeamTags(db: Store): Tag[] {
  return db.select().from(tags).orderBy(asc(tags.name)).all();
}

export function hasTeamTags(db: Store): boolean {
  return db.select({ id: tags.id }).from(tags).limit(1).get() !== undefined;
}

export function tagById(db: Store, id: number): Tag | undefined {
  return db.select().from(tags).where(eq(tags.id, id)).get();
}

export function tagByName(db: Store, raw: string): Tag | undefined {
  const name = normaliseTag(raw);
  return name === undefined ? undefined : db.select().from(tags).where(eq(tags.name, name)).get();
}

export type TeamTagOutcome =
  | { ok: true; tag: Tag; chats: number }
  | NotAdmin
  | { ok: false; reason: "invalid" | "exists" | "not_found" | "too_many" };

/** An admin adds a tag to the team's list. */
export function addTeamTag(db: Store, adminId: number, raw: string, clock: Clock): TeamTagOutcome {
  return db.transaction((tx): TeamTagOutcome => {
    if (!activeAdmin(tx, adminId)) return NOT_ADMIN;
    const name = normaliseTag(raw);
    if (name === undefined) return { ok: false, reason: "invalid" };
    if (tx.select().from(tags).where(eq(tags.name, name)).get()) return { ok: false, reason: "exists" };
    if ((tx.select({ n: count() }).from(tags).get()?.n ?? 0) >= TEAM_TAG_LIMIT) return { ok: false, reason: "too_many" };
    const tag = tx.insert(tags).values({ name, createdAt: clock() }).returning().get();
    return { ok: true, tag, chats: 0 };
  });
}

/** An admin removes a tag from the team's list, and so from every chat that carried it (`chats` says how many). */
export function removeTeamTag(db: Store, adminId: number, raw: string): TeamTagOutcome {
  return db.transaction((tx): TeamTagOutcome => {
    if (!activeAdmin(tx, adminId)) return NOT_ADMIN;
    if (normaliseTag(raw) === undefined) return { ok: false, reason: "invalid" };
    const tag = tagByName(tx, raw);
    if (!tag) return { ok: false, reason: "not_found" };
    const chats = tx.delete(chatTags).where(eq(chatTags.tagId, tag.id)).run().changes;
    tx.delete(tags).where(eq(tags.id, tag.id)).run();
    return { ok: true, tag, chats };
  });
}

export type ChatTagOutcome =
  | { ok: true; tag: Tag; changed: boolean }
  | { ok: false; reason: "not_operator" | "not_found" | "invalid" | "unknown_tag" };

/** Who tags a chat: an operator, or an integration through the API. */
export type Tagger = { operatorId: number } | { api: true };

/**
 * Puts a team tag on a chat (`on`) or takes it off. Any active operator may; only tags on the team's list
 * exist, so a typo does not invent a new tag. `changed` is false when the chat already was as asked.
 */
export function setChatTag(db: Store, by: Tagger, chatId: number, tag: string | number, on: boolean, clock: Clock): ChatTagOutcome {
  return db.transaction((tx): ChatTagOutcome => {
    if ("operatorId" in by && !getActiveOperator(tx, by.operatorId)) return { ok: false, reason: "not_operator" };
    if (!getChat(tx, chatId)) return { ok: false, reason: "not_found" };
    if (typeof tag === "string" && normaliseTag(tag) === undefined) return { ok: false, reason: "invalid" };
    const found = typeof tag === "number" ? tx.select().from(tags).where(eq(tags.id, tag)).get() : tagByName(tx, tag);
    if (!found) return { ok: false, reason: "unknown_tag" };
    const changed = on
      ? tx
          .insert(chatTags)
          .values({ chatId, tagId: found.id, addedBy: "operatorId" in by ? by.operatorId : null, addedAt: clock() })
          .onConflictDoNothing()
          .run().changes > 0
      : tx
          .delete(chatTags)
          .where(and(eq(chatTags.chatId, chatId), eq(chatTags.tagId, found.id)))
          .run().changes > 0;
    return { ok: true, tag: found, changed };
  });
}

/** The chat's tags, by name. */
export function tagsOf(db: Store, chatId: number): Tag[] {
  return db
    .select({ id: tags.id, name: tags.name, createdAt: tags.createdAt })
    .from(chatTags)
    .innerJoin(tags, eq(chatTags.tagId, tags.id))
    .where(eq(chatTags.chatId, chatId))
    .orderBy(asc(tags.name))
    .all();
}

/** Several chats' tags at once, for lists and the API. */
export function tagsOfChats(db: Store, chatIds: number[]): Map<number, string[]> {
  const map = new Map<number, string[]>();
  if (chatIds.length === 0) return map;
  const rows = db
    .select({ chatId: chatTags.chatId, name: tags.name })
    .from(chatTags)
    .innerJoin(tags, eq(chatTags.tagId, tags.id))
    .where(inArray(chatTags.chatId, chatIds))
    .orderBy(asc(tags.name))
    .all();
  for (const r of rows) map.set(r.chatId, [...(map.get(r.chatId) ?? []), r.name]);
  return map;
}
