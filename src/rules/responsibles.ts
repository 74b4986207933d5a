import { and, eq, isNull } from "drizzle-orm";
import { assignments, chats, closures, groups, operators } from "../db/schema.js";
import type { Clock, Store } from "../db/store.js";
import { type Chat, cardHolders, getChat, referencedChat, responsibleOf, touchChat } from "./chats.js";
import { chatRef, type Event } from "./events.js";
import { eventRecipients, messageRecipients, notifyEvent } from "./notifications.js";
import { enqueue } from "./outbox.js";
import { getActiveOperator, type Operator } from "./people.js";
import { askForRating } from "./ratings.js";
import { getSetting } from "./settings.js";

export type AssignHow = (typeof assignments.$inferSelect)["how"];

export type Refusal =
  | "not_found"
  | "not_operator"
  | "group_chat"
  | "responsible_off"
  | "taken"
  | "not_allowed"
  | "target_inactive"
  | "unchanged"
  | "already_closed"
  | "already_open"
  | "stale";

export type Outcome =
  | { ok: true; chat: Chat }
  | { ok: false; reason: Refusal; chat?: Chat | undefined; responsible?: Operator | undefined };

/** Who set off a change: an operator, or an integration through the API. */
export type Actor = { operatorId: number } | { api: true };

const refuse = (reason: Refusal, chat?: Chat, db?: Store): Outcome => ({
  ok: false,
  reason,
  chat,
  responsible: chat?.responsibleId && db ? getActiveOperator(db, chat.responsibleId) : undefined,
});

/**
 * What the caller saw of the chat, when they want a change only while it still holds: the responsible (null for
 * nobody), and/or the chat's version (any of several). Checked inside the change's transaction, so the check and
 * the change are one step. A wrong responsible is "taken", a wrong version "stale".
 */
export interface Expectation {
  responsibleId?: number | null | undefined;
  versions?: readonly number[] | undefined;
}

export function unmetExpectation(chat: Chat, expected: Expectation | undefined): "stale" | "taken" | undefined {
  if (expected?.versions && !expected.versions.includes(chat.version)) return "stale";
  if (expected?.responsibleId !== undefined && chat.responsibleId !== expected.responsibleId) return "taken";
  return undefined;
}

/** The operator behind an actor ("api" for an integration), or undefined for one who may not act. */
export function resolveActor(tx: Store, actor: Actor): Operator | "api" | undefined {
  return "operatorId" in actor ? getActiveOperator(tx, actor.operatorId) : "api";
}

/** Why a chat can have no responsible at all, or undefined when it can. */
export function responsibleBarrier(chat: Chat): Refusal | undefined {
  if (chat.kind !== "private") return "group_chat";
  if (!chat.responsibleEnabled) return "responsible_off";
  return undefined;
}

/** May this actor hand the chat to someone else (or to nobody)? Admins and the responsible may, anyone may an unassigned chat. */
export function mayReassign(actor: Operator | "api", chat: Chat): boolean {
  if (actor === "api") return true;
  return chat.responsibleId === null || actor.role === "admin" || chat.responsibleId === actor.id;
}

/** May this operator close or reopen the chat: the responsible, an admin, or anyone while it has no responsible. */
export function mayClose(actor: Operator, chat: Chat): boolean {
  return actor.role === "admin" || chat.responsibleId === null || chat.responsibleId === actor.id || !chat.responsibleEnabled;
}

/**
 * The one way a responsible changes: a compare-and-set on the responsible the caller saw, so two changes
 * racing for one chat cannot both win. Records the change and tells the people it concerns.
 */
export function changeResponsible(
  tx: Store,
  chat: Chat,
  to: number | null,
  change: { how: AssignHow; by: number | null; groupId?: number | undefined; queuedGroupId?: number | undefined },
  clock: Clock,
): Chat | undefined {
  const from = chat.responsibleId;
  const result = tx
    .update(chats)
    .set({ responsibleId: to, queuedGroupId: change.queuedGroupId ?? null })
    .where(
      and(
        eq(chats.id, chat.id),
        from === null ? isNull(chats.responsibleId) : eq(chats.responsibleId, from),
        eq(chats.kind, "private"),
        eq(chats.responsibleEnabled, true),
      ),
    )
    .run();
  if (result.changes !== 1) return undefined;
  touchChat(tx, chat.id, {});
  const now = clock();
  tx.insert(assignments)
    .values({
      chatId: chat.id,
      fromOperatorId: from,
      toOperatorId: to,
      byOperatorId: change.by,
      how: change.how,
      groupId: change.groupId ?? null,
      at: now,
    })
    .run();
  const updated = referencedChat(tx, chat.id);
  announceChange(tx, updated, from, to, change, clock);
  return updated;
}

function nameOf(tx: Store, id: number | null): string | null {
  if (id === null) return null;
  return tx.select({ name: operators.name }).from(operators).where(eq(operators.id, id)).get()?.name ?? `#${id}`;
}

/** Why the new responsible got the chat: who gave it to them, or the queue it waited in. */
function madeResponsible(tx: Store, chat: Chat, change: { how: AssignHow; by: number | null; groupId?: number | undefined }): Event {
  if (change.how === "queue") {
    const group =
      change.groupId === undefined ? undefined : tx.select({ name: groups.name }).from(groups).where(eq(groups.id, change.groupId)).get();
    return { kind: "assigned_from_queue", chat: chatRef(chat), group: group?.name ?? null };
  }
  return { kind: "assigned", chat: chatRef(chat), by: nameOf(tx, change.by) };
}

function announceChange(
  tx: Store,
  chat: Chat,
  from: number | null,
  to: number | null,
  change: { how: AssignHow; by: number | null; groupId?: number | undefined },
  clock: Clock,
): void {
  const by = change.by;
  if (to !== null && to !== by) {
    notifyEvent(tx, eventRecipients(tx, [to]), chat, madeResponsible(tx, chat, change), clock);
  }
  if (from !== null && from !== by && from !== to) {
    notifyEvent(
      tx,
      eventRecipients(tx, [from]),
      chat,
      { kind: "taken", chat: chatRef(chat), by: nameOf(tx, by), to: nameOf(tx, to) },
      clock,
    );
  }
  refreshCards(tx, chat.id, clock);
}

/** Every operator who holds a card for the chat sees it redrawn; editing keeps their chat free of repeats. */
export function refreshCards(tx: Store, chatId: number, clock: Clock): void {
  for (const holder of cardHolders(tx, chatId)) {
    enqueue(tx, { destinationChatId: holder, payload: { type: "refresh_card", chatId }, chatId, urgent: true }, clock);
  }
}

function loadForChange(tx: Store, chatId: number, actorId: number): { chat: Chat; actor: Operator } | Outcome {
  const actor = getActiveOperator(tx, actorId);
  if (!actor) return refuse("not_operator");
  const chat = getChat(tx, chatId);
  if (!chat) return refuse("not_found");
  return { chat, actor };
}

/** Take an unassigned chat. Of two operators claiming at once exactly one wins; the other learns who. */
export function claim(db: Store, chatId: number, operatorId: number, clock: Clock): Outcome {
  return db.transaction((tx) => {
    const loaded = loadForChange(tx, chatId, operatorId);
    if ("ok" in loaded) return loaded;
    const { chat } = loaded;
    const barrier = responsibleBarrier(chat);
    if (barrier) return refuse(barrier, chat);
    if (chat.responsibleId === operatorId) return refuse("unchanged", chat, tx);
    if (chat.responsibleId !== null) return refuse("taken", chat, tx);
    const updated = changeResponsible(tx, chat, operatorId, { how: "claim", by: operatorId }, clock);
    return updated ? { ok: true, chat: updated } : refuse("taken", getChat(tx, chatId), tx);
  });
}

/** The first operator to answer an unassigned chat becomes its responsible; false if someone else already is. */
export function autoAssign(tx: Store, chat: Chat, operatorId: number, clock: Clock): Chat | undefined {
  if (responsibleBarrier(chat) || chat.responsibleId !== null) return undefined;
  return changeResponsible(tx, chat, operatorId, { how: "auto", by: operatorId }, clock);
}

/**
 * Hand the chat to a specific operator, or to nobody (`to` null). `expected`, when given, is what the actor saw
 * (on their card, or read through the API): if it changed meanwhile, nothing happens.
 */
export function assign(db: Store, chatId: number, to: number | null, actor: Actor, clock: Clock, expected?: Expectation): Outcome {
  return db.transaction((tx) => {
    const chat = getChat(tx, chatId);
    if (!chat) return refuse("not_found");
    const by = resolveActor(tx, actor);
    if (!by) return refuse("not_operator");
    const barrier = responsibleBarrier(chat);
    if (barrier) return refuse(barrier, chat);
    if (to !== null && !getActiveOperator(tx, to)) return refuse("target_inactive", chat);
    const unmet = unmetExpectation(chat, expected);
    if (unmet) return refuse(unmet, chat, tx);
    if (!mayReassign(by, chat)) return refuse("not_allowed", chat, tx);
    if (chat.responsibleId === to && chat.queuedGroupId === null) return refuse("unchanged", chat, tx);
    const how: AssignHow = by === "api" ? "api" : "manual";
    const updated = changeResponsible(tx, chat, to, { how, by: by === "api" ? null : by.id }, clock);
    return updated ? { ok: true, chat: updated } : refuse("taken", getChat(tx, chatId), tx);
  });
}

/** Become responsible for a chat someone else holds, as the take-over prompt offers. */
export function takeOver(tx: Store, chat: Chat, operatorId: number, clock: Clock): Chat | undefined {
  if (responsibleBarrier(chat) || chat.responsibleId === operatorId) return undefined;
  return changeResponsible(tx, chat, operatorId, { how: "takeover", by: operatorId }, clock);
}

/** Switch the responsible feature off (the chat then has none, like an unassigned one) or back on. */
export function setResponsibleEnabled(db: Store, chatId: number, enabled: boolean, operatorId: number, clock: Clock): Outcome {
  return db.transaction((tx) => {
    const loaded = loadForChange(tx, chatId, operatorId);
    if ("ok" in loaded) return loaded;
    const { chat, actor } = loaded;
    if (chat.kind !== "private") return refuse("group_chat", chat);
    if (chat.responsibleEnabled === enabled) return refuse("unchanged", chat);
    if (!mayReassign(actor, chat)) return refuse("not_allowed", chat, tx);
    if (!enabled && chat.responsibleId !== null) {
      tx.insert(assignments)
        .values({ chatId, fromOperatorId: chat.responsibleId, toOperatorId: null, byOperatorId: operatorId, how: "off", at: clock() })
        .run();
    }
    touchChat(tx, chatId, { responsibleEnabled: enabled, responsibleId: null, queuedGroupId: null });
    refreshCards(tx, chatId, clock);
    return { ok: true, chat: referencedChat(tx, chatId) };
  });
}

/** Close a chat; with the team's reset-on-close setting on, it also loses its responsible. */
export function closeChat(db: Store, chatId: number, operatorId: number, clock: Clock): Outcome {
  return db.transaction((tx) => {
    const loaded = loadForChange(tx, chatId, operatorId);
    if ("ok" in loaded) return loaded;
    const { chat, actor } = loaded;
    if (chat.status === "closed") return refuse("already_closed", chat);
    if (!mayClose(actor, chat)) return refuse("not_allowed", chat, tx);
    const now = clock();
    const closed = tx
      .update(chats)
      .set({ status: "closed", closedAt: now, awaitingReplySince: null, watchdogStage: 0 })
      .where(and(eq(chats.id, chatId), eq(chats.status, "open")))
      .run();
    if (closed.changes !== 1) return refuse("already_closed", getChat(tx, chatId));
    touchChat(tx, chatId, {});
    const closure = tx
      .insert(closures)
      .values({
        chatId,
        byOperatorId: operatorId,
        responsibleId: responsibleOf(chat),
        openedAt: chat.openedAt ?? chat.createdAt,
        closedAt: now,
      })
      .returning({ id: closures.id })
      .get()!;
    askForRating(tx, chat, closure.id, responsibleOf(chat) ?? operatorId, clock);
    let current = referencedChat(tx, chatId);
    if (getSetting(tx, "resetOnClose") && current.responsibleId !== null && !responsibleBarrier(current)) {
      current = changeResponsible(tx, current, null, { how: "reset", by: operatorId }, clock) ?? current;
    } else {
      refreshCards(tx, chatId, clock);
    }
    // Those who follow the chat hear that it was closed, except the one who closed it.
    const followers = messageRecipients(tx, chat).filter((r) => r.operatorId !== operatorId);
    notifyEvent(tx, followers, current, { kind: "closed", chat: chatRef(chat), by: actor.name }, clock);
    return { ok: true, chat: current };
  });
}

export function reopenChat(db: Store, chatId: number, operatorId: number, clock: Clock): Outcome {
  return db.transaction((tx) => {
    const loaded = loadForChange(tx, chatId, operatorId);
    if ("ok" in loaded) return loaded;
    const { chat, actor } = loaded;
    if (chat.status === "open") return refuse("already_open", chat);
    if (!mayClose(actor, chat)) return refuse("not_allowed", chat, tx);
    touchChat(tx, chatId, { status: "open", closedAt: null, openedAt: clock() });
    refreshCards(tx, chatId, clock);
    return { ok: true, chat: referencedChat(tx, chatId) };
  });
}
