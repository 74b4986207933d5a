import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { chats, groupMembers, groups, operators } from "../db/schema.js";
import type { Clock, Store } from "../db/store.js";
import { isAvailable } from "./availability.js";
import { type Chat, getChat, touchChat } from "./chats.js";
import { chatRef } from "./events.js";
import { eventRecipients, notifyEvent } from "./notifications.js";
import { activeAdmin, NOT_ADMIN, type NotAdmin, type Operator } from "./people.js";
import {
  type Actor,
  changeResponsible,
  type Expectation,
  mayReassign,
  type Outcome,
  refreshCards,
  resolveActor,
  responsibleBarrier,
  unmetExpectation,
} from "./responsibles.js";

export type Group = typeof groups.$inferSelect;
export type Algorithm = Group["algorithm"];

/** How a group can pick who gets a chat, in the order menus offer them; views word them. */
export const ALGORITHMS: readonly Algorithm[] = ["round_robin", "fewest_open", "random"];

export type Random = () => number;

/** Creates the group with its first members, all or nothing; only an active admin may. */
export function createGroup(
  db: Store,
  actorId: number,
  spec: { name: string; algorithm: Algorithm; members?: number[] },
  clock: Clock,
): { ok: true; group: Group } | { ok: false; reason: "not_admin" | "name_taken" | "name_invalid" } {
  return db.transaction((tx) => {
    if (!activeAdmin(tx, actorId)) return NOT_ADMIN;
    const clean = spec.name.trim();
    if (clean.length < 1 || clean.length > 40) return { ok: false, reason: "name_invalid" } as const;
    const group = tx
      .insert(groups)
      .values({ name: clean, algorithm: spec.algorithm, createdAt: clock() })
      .onConflictDoNothing()
      .returning()
      .get();
    if (!group) return { ok: false, reason: "name_taken" } as const;
    for (const operatorId of spec.members ?? [])
      tx.insert(groupMembers).values({ groupId: group.id, operatorId }).onConflictDoNothing().run();
    return { ok: true, group } as const;
  });
}

export function getGroup(db: Store, id: number): Group | undefined {
  return db.select().from(groups).where(eq(groups.id, id)).get();
}

export function listGroups(db: Store): Group[] {
  return db.select().from(groups).orderBy(asc(groups.name)).all();
}

export type GroupChange = { ok: true; changed: boolean } | NotAdmin;

export function setAlgorithm(db: Store, actorId: number, groupId: number, algorithm: Algorithm): GroupChange {
  return db.transaction((tx) => {
    if (!activeAdmin(tx, actorId)) return NOT_ADMIN;
    return { ok: true, changed: tx.update(groups).set({ algorithm }).where(eq(groups.id, groupId)).run().changes === 1 };
  });
}

export function addMember(db: Store, actorId: number, groupId: number, operatorId: number): GroupChange {
  return db.transaction((tx) => {
    if (!activeAdmin(tx, actorId)) return NOT_ADMIN;
    return { ok: true, changed: tx.insert(groupMembers).values({ groupId, operatorId }).onConflictDoNothing().run().changes === 1 };
  });
}

export function removeMember(db: Store, actorId: number, groupId: number, operatorId: number): GroupChange {
  return db.transaction((tx) => {
    if (!activeAdmin(tx, actorId)) return NOT_ADMIN;
    const removed = tx
      .delete(groupMembers)
      .where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.operatorId, operatorId)))
      .run();
    return { ok: true, changed: removed.changes === 1 };
  });
}

export function groupMemberList(db: Store, groupId: number): Operator[] {
  return db
    .select({ op: operators })
    .from(groupMembers)
    .innerJoin(operators, eq(groupMembers.operatorId, operators.id))
    .where(eq(groupMembers.groupId, groupId))
    .orderBy(asc(operators.id))
    .all()
    .map((r) => r.op);
}

export function groupsOf(db: Store, operatorId: number): Group[] {
  return db
    .select({ g: groups })
    .from(groupMembers)
    .innerJoin(groups, eq(groupMembers.groupId, groups.id))
    .where(eq(groupMembers.operatorId, operatorId))
    .all()
    .map((r) => r.g);
}

export function openChatCounts(db: Store, operatorIds: number[]): Map<number, number> {
  if (operatorIds.length === 0) return new Map();
  const rows = db
    .select({ id: chats.responsibleId, n: sql<number>`count(*)` })
    .from(chats)
    .where(and(inArray(chats.responsibleId, operatorIds), eq(chats.status, "open")))
    .groupBy(chats.responsibleId)
    .all();
  return new Map(rows.map((r) => [r.id!, r.n]));
}

/** The group's algorithm applied to its members who are available now; undefined if none is. */
export function pickMember(db: Store, group: Group, now: number, random: Random): Operator | undefined {
  const available = groupMemberList(db, group.id).filter((op) => isAvailable(op, now));
  if (available.length === 0) return undefined;
  switch (group.algorithm) {
    case "random":
      return available[Math.min(available.length - 1, Math.floor(random() * available.length))];
    case "fewest_open": {
      const counts = openChatCounts(
        db,
        available.map((op) => op.id),
      );
      // Ties go to the member who comes next in the round-robin order, so equal loads still rotate.
      const fewest = Math.min(...available.map((op) => counts.get(op.id) ?? 0));
      return nextInTurn(
        available.filter((op) => (counts.get(op.id) ?? 0) === fewest),
        group.lastPickedOperatorId,
      );
    }
    case "round_robin":
      return nextInTurn(available, group.lastPickedOperatorId);
  }
}

/** The first member (by id) after the last one picked, wrapping around. */
function nextInTurn(members: Operator[], lastPicked: number | null): Operator | undefined {
  if (lastPicked === null) return members[0];
  return members.find((op) => op.id > lastPicked) ?? members[0];
}

/**
 * Hand the chat to a group: its algorithm picks an available member. With none available the chat waits in
 * the group's queue without a responsible, the members are told, and it goes to the first who comes online.
 */
export function assignToGroup(
  db: Store,
  chatId: number,
  groupId: number,
  actor: Actor,
  clock: Clock,
  random: Random = Math.random,
  expected?: Expectation,
): Outcome {
  return db.transaction((tx) => {
    const chat = getChat(tx, chatId);
    if (!chat) return { ok: false, reason: "not_found" };
    const group = getGroup(tx, groupId);
    if (!group) return { ok: false, reason: "not_found", chat };
    const by = resolveActor(tx, actor);
    if (!by) return { ok: false, reason: "not_operator" };
    const barrier = responsibleBarrier(chat);
    if (barrier) return { ok: false, reason: barrier, chat };
    const unmet = unmetExpectation(chat, expected);
    if (unmet) return { ok: false, reason: unmet, chat };
    if (!mayReassign(by, chat)) return { ok: false, reason: "not_allowed", chat };
    const byId = by === "api" ? null : by.id;
    const how = by === "api" ? "api" : "group";
    const picked = pickMember(tx, group, clock(), random);
    if (picked) {
      if (picked.id === chat.responsibleId) return { ok: true, chat };
      const updated = changeResponsible(tx, chat, picked.id, { how, by: byId, groupId }, clock);
      if (!updated) return { ok: false, reason: "taken", chat: getChat(tx, chatId) };
      tx.update(groups).set({ lastPickedOperatorId: picked.id }).where(eq(groups.id, groupId)).run();
      return { ok: true, chat: updated };
    }
    if (chat.responsibleId === null) touchChat(tx, chatId, { queuedGroupId: groupId });
    const queued =
      chat.responsibleId === null
        ? getChat(tx, chatId)
        : changeResponsible(tx, chat, null, { how, by: byId, groupId, queuedGroupId: groupId }, clock);
    if (!queued) return { ok: false, reason: "taken", chat: getChat(tx, chatId) };
    refreshCards(tx, chatId, clock);
    const members = groupMemberList(tx, groupId)
      .filter((op) => op.active)
      .map((op) => op.id);
    notifyEvent(tx, eventRecipients(tx, members), queued, { kind: "queued", chat: chatRef(chat), group: group.name }, clock);
    return { ok: true, chat: queued };
  });
}

/** When someone comes online, the queues of their groups are served, oldest chat first. */
export function drainQueues(db: Store, operatorId: number, clock: Clock, random: Random = Math.random): Chat[] {
  return db.transaction((tx) => {
    const assigned: Chat[] = [];
    for (const group of groupsOf(tx, operatorId)) {
      const waiting = tx
        .select()
        .from(chats)
        .where(and(eq(chats.queuedGroupId, group.id), eq(chats.kind, "private"), eq(chats.responsibleEnabled, true)))
        .orderBy(asc(chats.lastActivityAt))
        .all();
      for (const chat of waiting) {
        const fresh = getGroup(tx, group.id)!;
        const picked = pickMember(tx, fresh, clock(), random);
        if (!picked) break;
        const updated = changeResponsible(tx, chat, picked.id, { how: "queue", by: null, groupId: group.id }, clock);
        if (!updated) continue;
        tx.update(groups).set({ lastPickedOperatorId: picked.id }).where(eq(groups.id, group.id)).run();
        assigned.push(updated);
      }
    }
    return assigned;
  });
}
