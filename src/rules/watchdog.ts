import { and, eq, inArray, isNotNull, lt, lte } from "drizzle-orm";
import { chats, groupMembers, operators } from "../db/schema.js";
import type { Clock, Store } from "../db/store.js";
import { isAvailable } from "./availability.js";
import { getBusinessHours, waitedMs } from "./business-hours.js";
import { type Chat, getChat, responsibleOf } from "./chats.js";
import { chatRef, type Event } from "./events.js";
import { eventRecipients, messageRecipients, notifyEvent, sendCard } from "./notifications.js";
import { changeResponsible, type Outcome, responsibleBarrier } from "./responsibles.js";
import { getActiveOperator } from "./people.js";
import { getNumberSetting } from "./settings.js";
import { closingWindows, windowEndsAt } from "./business-chats.js";

const MINUTE = 60_000;

/** Whole minutes the client has waited (business time, when the team has hours), at least one. */
function waited(tx: Store, chat: Chat, now: number): number {
  return Math.max(1, Math.round(waitedMs(tx, chat.awaitingReplySince!, now) / MINUTE));
}

/**
 * The unanswered-chat watchdog, run periodically. After N minutes without an operator's answer the responsible
 * is reminded (with no responsible: those who follow new chats); after 2N every available operator who follows
 * new chats, or belongs to the group the chat waits for, gets the chat's card with a button to take it. Its
 * state is in the chats table, so a restart neither loses nor repeats an alert.
 */
export function watchdogTick(db: Store, clock: Clock): { reminded: number[]; escalated: number[] } {
  const minutes = getNumberSetting(db, "watchdogMinutes");
  if (minutes <= 0) return { reminded: [], escalated: [] };
  const now = clock();
  const n = minutes * MINUTE;
  return db.transaction((tx) => {
    const escalated: number[] = [];
    const reminded: number[] = [];
    const hours = getBusinessHours(tx);
    // Outside business hours the wait does not grow: the query finds chats waiting long enough by the clock,
    // and of those only the ones that did so in business time are due.
    const overdue = (threshold: number, stageBelow: number) =>
      candidates(now - threshold, stageBelow).filter((c) => waitedMs(tx, c.awaitingReplySince!, now, hours) >= threshold);
    const candidates = (since: number, stageBelow: number) =>
      tx
        .select()
        .from(chats)
        .where(
          and(
            eq(chats.status, "open"),
            isNotNull(chats.awaitingReplySince),
            lte(chats.awaitingReplySince, since),
            lt(chats.watchdogStage, stageBelow),
          ),
        )
        .all();
    // A business chat whose 24-hour window is closing cannot wait for the usual steps: after it, the bot may
    // no longer answer there at all. First, so such a chat gets this alarm rather than the usual one.
    for (const chat of closingWindows(tx, now)) {
      const left = Math.max(0, Math.floor(((windowEndsAt(tx, chat) ?? now) - now) / MINUTE));
      escalate(tx, chat, now, clock, { kind: "window_closing", chat: chatRef(chat), minutes: left });
      tx.update(chats).set({ watchdogStage: 2 }).where(eq(chats.id, chat.id)).run();
      escalated.push(chat.id);
    }
    for (const chat of overdue(2 * n, 2)) {
      escalate(tx, chat, now, clock);
      tx.update(chats).set({ watchdogStage: 2 }).where(eq(chats.id, chat.id)).run();
      escalated.push(chat.id);
    }
    for (const chat of overdue(n, 1)) {
      const responsible = responsibleOf(chat);
      const recipients = responsible !== null ? eventRecipients(tx, [responsible]) : messageRecipients(tx, chat);
      notifyEvent(
        tx,
        recipients,
        chat,
        { kind: "reminder", chat: chatRef(chat), minutes: waited(tx, chat, now), toResponsible: responsible !== null },
        clock,
      );
      tx.update(chats).set({ watchdogStage: 1 }).where(eq(chats.id, chat.id)).run();
      reminded.push(chat.id);
    }
    return { reminded, escalated };
  });
}

function escalate(tx: Store, chat: Chat, now: number, clock: Clock, why?: Event): void {
  const groupIds = chat.queuedGroupId === null ? [] : [chat.queuedGroupId];
  const inGroup = new Set(
    groupIds.length
      ? tx
          .select({ id: groupMembers.operatorId })
          .from(groupMembers)
          .where(inArray(groupMembers.groupId, groupIds))
          .all()
          .map((r) => r.id)
      : [],
  );
  const responsible = responsibleOf(chat);
  const team = tx
    .select()
    .from(operators)
    .where(and(eq(operators.active, true), eq(operators.unreachable, false)))
    .all();
  // A closing business window (`why`) also alerts whoever follows the chat, online or not: it cannot wait.
  const followers = new Set(why ? messageRecipients(tx, chat).map((r) => r.operatorId) : []);
  const alerted = team.filter(
    (op) => op.id === responsible || followers.has(op.id) || (isAvailable(op, now) && (op.notifyFilter !== "mine" || inGroup.has(op.id))),
  );
  const headline = why ?? ({ kind: "escalated", chat: chatRef(chat), minutes: waited(tx, chat, now) } as const);
  for (const r of eventRecipients(
    tx,
    alerted.map((op) => op.id),
  ))
    sendCard(tx, r.operatorId, chat, r.silent, clock, headline);
}

/** The escalation's "Take it" button: whoever presses it first while the client still waits becomes responsible. */
export function rescueChat(db: Store, chatId: number, operatorId: number, clock: Clock): Outcome {
  return db.transaction((tx) => {
    if (!getActiveOperator(tx, operatorId)) return { ok: false, reason: "not_operator" };
    const chat = getChat(tx, chatId);
    if (!chat) return { ok: false, reason: "not_found" };
    const barrier = responsibleBarrier(chat);
    if (barrier) return { ok: false, reason: barrier, chat };
    if (chat.awaitingReplySince === null || chat.watchdogStage < 2 || chat.responsibleId === operatorId)
      return { ok: false, reason: "unchanged", chat };
    const how = chat.responsibleId === null ? "claim" : "takeover";
    const updated = changeResponsible(tx, chat, operatorId, { how, by: operatorId }, clock);
    return updated ? { ok: true, chat: updated } : { ok: false, reason: "taken", chat: getChat(tx, chatId) };
  });
}
