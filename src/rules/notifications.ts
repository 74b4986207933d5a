import { and, eq, ne, sql } from "drizzle-orm";
import { prepared, statement } from "../db/prepared.js";
import { operators } from "../db/schema.js";
import type { Clock, Store } from "../db/store.js";
import { type Chat, responsibleOf } from "./chats.js";
import { type Enqueue, enqueue, enqueueMany } from "./outbox.js";

/** An operator a notification goes to, and whether it arrives without sound. */
export interface Recipient {
  operatorId: number;
  silent: boolean;
}

type Reachable = Pick<typeof operators.$inferSelect, "id" | "notifyChannel" | "notifyFilter">;

function reachableOperators(db: Store): Reachable[] {
  return prepared(db, "operators.reachable", (d) =>
    d
      .select({ id: operators.id, notifyChannel: operators.notifyChannel, notifyFilter: operators.notifyFilter })
      .from(operators)
      .where(and(eq(operators.active, true), eq(operators.unreachable, false), ne(operators.notifyChannel, "off")))
      .prepare(),
  ).all();
}

/**
 * Who is pushed a client's message, by each operator's profile: the responsible always; everyone on "all
 * chats"; and, while the chat has no responsible (new, reset, switched off, or a group chat), everyone on
 * "new and mine". An operator whose channel is off gets nothing and works from the chat list.
 */
export function messageRecipients(db: Store, chat: Chat): Recipient[] {
  const responsible = responsibleOf(chat);
  return reachableOperators(db)
    .filter(
      (op) =>
        op.notifyFilter === "all" ||
        op.id === responsible ||
        (op.notifyFilter === "new_and_mine" && responsible === null),
    )
    .map((op) => ({ operatorId: op.id, silent: op.notifyChannel === "silent" }));
}

/** Who of the given operators is pushed an event (assigned to you, taken from you...): channel decides, not filter. */
export function eventRecipients(db: Store, operatorIds: Iterable<number>): Recipient[] {
  const wanted = new Set(operatorIds);
  return reachableOperators(db)
    .filter((op) => wanted.has(op.id))
    .map((op) => ({ operatorId: op.id, silent: op.notifyChannel === "silent" }));
}

/** The chat each operator last had something relayed about. */
function lastChatsOf(db: Store, operatorIds: number[]): Map<number, number> {
  const rows = statement(db, "SELECT operator_id AS id, last_chat_id AS chat FROM operator_feeds WHERE operator_id IN (SELECT value FROM json_each(?))").all(
    JSON.stringify(operatorIds),
  ) as Array<{ id: number; chat: number }>;
  return new Map(rows.map((r) => [r.id, r.chat]));
}

function moveFeeds(db: Store, operatorIds: number[], chatId: number): void {
  if (operatorIds.length === 0) return;
  statement(
    db,
    "INSERT INTO operator_feeds (operator_id, last_chat_id) SELECT value, ? FROM json_each(?) WHERE true ON CONFLICT (operator_id) DO UPDATE SET last_chat_id = excluded.last_chat_id",
  ).run(chatId, JSON.stringify(operatorIds));
}

/**
 * Queues one row per recipient about a chat, each preceded by the chat's card unless the last thing relayed to
 * that operator was about this same chat, so a stream of messages from several clients always says whose each
 * one is. The card is silent: the row after it carries the sound. All in a handful of statements, whatever the
 * team's size.
 */
export function fanOut(db: Store, recipients: Recipient[], chat: Chat, rowFor: (r: Recipient) => Enqueue, clock: Clock): void {
  if (recipients.length === 0) return;
  const last = lastChatsOf(db, recipients.map((r) => r.operatorId));
  const rows: Enqueue[] = [];
  const moved: number[] = [];
  for (const r of recipients) {
    if (last.get(r.operatorId) !== chat.id) {
      rows.push(cardRow(r.operatorId, chat, true));
      moved.push(r.operatorId);
    }
    rows.push(rowFor(r));
  }
  enqueueMany(db, rows, clock);
  moveFeeds(db, moved, chat.id);
}

function cardRow(operatorId: number, chat: Chat, silent: boolean, headline?: string): Enqueue {
  return { destinationChatId: operatorId, payload: { type: "card", chatId: chat.id, silent, headline }, chatId: chat.id };
}

/** Queues a card for the chat (with a headline, for alerts); what follows it needs no card of its own. */
export function sendCard(db: Store, operatorId: number, chat: Chat, silent: boolean, clock: Clock, headline?: string): void {
  enqueueMany(db, [cardRow(operatorId, chat, silent, headline)], clock);
  moveFeeds(db, [operatorId], chat.id);
}

/** A line of text about a chat for each recipient, preceded by the chat's card where needed. */
export function notifyAboutChat(db: Store, recipients: Recipient[], chat: Chat, text: string, clock: Clock, replyToMessageId?: number): void {
  fanOut(
    db,
    recipients,
    chat,
    (r) => ({ destinationChatId: r.operatorId, payload: { type: "notice", text, silent: r.silent, replyToMessageId }, chatId: chat.id }),
    clock,
  );
}

/** A line of text not tied to one chat (a queue drained, a colleague deactivated). */
export function notifyOperators(db: Store, recipients: Recipient[], text: string, clock: Clock): void {
  for (const r of recipients) {
    enqueue(db, { destinationChatId: r.operatorId, payload: { type: "notice", text, silent: r.silent } }, clock);
  }
}
