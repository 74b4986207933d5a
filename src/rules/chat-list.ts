import { and, desc, eq, inArray, isNull, lt, or, type SQL } from "drizzle-orm";
import { businessConnections, chats, chatTags, groupMembers, operators, tags } from "../db/schema.js";
import type { Store } from "../db/store.js";
import type { Chat } from "./chats.js";
import { normaliseTag } from "./tags.js";

export interface ChatListFilter {
  /** An operator's id, or "none" for chats without a responsible (personal chats with the feature on). */
  responsible?: number | "none" | undefined;
  /** Chats whose responsible is in the group, or which wait in its queue. */
  groupId?: number | undefined;
  status?: "open" | "closed" | "all" | undefined;
  /** Chats carrying this tag (a name; an unknown one matches nothing). */
  tag?: string | undefined;
  /** The inbox the chats came through: the bot itself, or a business account (its id). */
  inbox?: "bot" | number | undefined;
}

/** Where a page ends: the next page starts after this (newest activity first, ties by id). */
export interface ChatCursor {
  lastActivityAt: number;
  id: number;
}

export interface ChatListItem extends Chat {
  responsibleName: string | null;
  /** The business account's name for a chat that came through one; null for the bot's own chats. */
  inboxName: string | null;
}

function conditions(db: Store, filter: ChatListFilter): SQL[] {
  const where: SQL[] = [];
  if (filter.status && filter.status !== "all") where.push(eq(chats.status, filter.status));
  if (filter.responsible === "none") {
    where.push(isNull(chats.responsibleId), eq(chats.kind, "private"), eq(chats.responsibleEnabled, true));
  } else if (filter.responsible !== undefined) {
    where.push(eq(chats.responsibleId, filter.responsible));
  }
  if (filter.inbox === "bot") where.push(isNull(chats.businessAccountId));
  else if (filter.inbox !== undefined) where.push(eq(chats.businessAccountId, filter.inbox));
  if (filter.groupId !== undefined) {
    const members = db
      .select({ id: groupMembers.operatorId })
      .from(groupMembers)
      .where(eq(groupMembers.groupId, filter.groupId))
      .all()
      .map((m) => m.id);
    const inGroup = or(eq(chats.queuedGroupId, filter.groupId), members.length ? inArray(chats.responsibleId, members) : undefined);
    if (inGroup) where.push(inGroup);
  }
  if (filter.tag !== undefined) {
    // Few chats carry a given tag: the subquery walks the tag's index, the list its usual one.
    where.push(
      inArray(
        chats.id,
        db
          .select({ id: chatTags.chatId })
          .from(chatTags)
          .innerJoin(tags, eq(chatTags.tagId, tags.id))
          .where(eq(tags.name, normaliseTag(filter.tag) ?? "")),
      ),
    );
  }
  return where;
}

/**
 * The chat list, newest activity first, keyset-paged so a page costs the same at chat 100 as at chat 100,000
 * (the indexes on status, responsible and queue, each with last activity, serve it).
 */
export function listChats(
  db: Store,
  filter: ChatListFilter,
  limit: number,
  after?: ChatCursor,
  offset = 0,
): { items: ChatListItem[]; next: ChatCursor | undefined } {
  const where = conditions(db, filter);
  if (after) {
    where.push(
      or(lt(chats.lastActivityAt, after.lastActivityAt), and(eq(chats.lastActivityAt, after.lastActivityAt), lt(chats.id, after.id)))!,
    );
  }
  const rows = db
    .select({ chat: chats, responsibleName: operators.name, inboxName: businessConnections.name })
    .from(chats)
    .leftJoin(operators, eq(chats.responsibleId, operators.id))
    .leftJoin(businessConnections, eq(chats.businessAccountId, businessConnections.accountId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(chats.lastActivityAt), desc(chats.id))
    .limit(limit + 1)
    .offset(offset)
    .all();
  const items = rows.slice(0, limit).map((r) => ({ ...r.chat, responsibleName: r.responsibleName, inboxName: r.inboxName }));
  const last = items.at(-1);
  return { items, next: rows.length > limit && last ? { lastActivityAt: last.lastActivityAt, id: last.id } : undefined };
}

export function encodeCursor(c: ChatCursor): string {
  return Buffer.from(`${c.lastActivityAt}.${c.id}`).toString("base64url");
}

export function decodeCursor(raw: string): ChatCursor | undefined {
  const [a, b] = Buffer.from(raw, "base64url").toString().split(".");
  const lastActivityAt = Number(a);
  const id = Number(b);
  return Number.isSafeInteger(lastActivityAt) && Number.isSafeInteger(id) ? { lastActivityAt, id } : undefined;
}
