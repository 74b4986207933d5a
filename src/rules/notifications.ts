import { and, eq, ne } from "drizzle-orm";
import { operatorFeeds, operators } from "../db/schema.js";
import type { Clock, Store } from "../db/store.js";
import { type Chat, responsibleOf } from "./chats.js";
import { enqueue } from "./outbox.js";

/** An operator a notification goes to, and whether it arrives without sound. */
export interface Recipient {
  operatorId: number;
  silent: boolean;
}

type Reachable = Pick<typeof operators.$inferSelect, "id" | "notifyChannel" | "notifyFilter">;

function reachableOperators(db: Store): Reachable[] {
  return db
    .select({ id: operators.id, notifyChannel: operators.notifyChannel, notifyFilter: operators.notifyFilter })
    .from(operators)
    .where(and(eq(operators.active, true), eq(operators.unreachable, false), ne(operators.notifyChannel, "off")))
    .all();
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

/**
 * Queues a chat card for the operator unless the last thing relayed to them was about this same chat,
 * so a stream of messages from several clients always says whose each one is. The card is silent: the
 * message after it carries the sound.
 */
export function ensureCard(db: Store, operatorId: number, chat: Chat, clock: Clock): void {
  const feed = db.select().from(operatorFeeds).where(eq(operatorFeeds.operatorId, operatorId)).get();
  if (feed?.lastChatId === chat.id) return;
  sendCard(db, operatorId, chat, true, clock);
}

/** Queues a card for the chat (with a headline, for alerts); what follows it needs no card of its own. */
export function sendCard(db: Store, operatorId: number, chat: Chat, silent: boolean, clock: Clock, headline?: string): void {
  enqueue(db, { destinationChatId: operatorId, payload: { type: "card", chatId: chat.id, silent, headline }, chatId: chat.id }, clock);
  db.insert(operatorFeeds)
    .values({ operatorId, lastChatId: chat.id })
    .onConflictDoUpdate({ target: operatorFeeds.operatorId, set: { lastChatId: chat.id } })
    .run();
}

/** A line of text about a chat for each recipient, preceded by the chat's card where needed. */
export function notifyAboutChat(db: Store, recipients: Recipient[], chat: Chat, text: string, clock: Clock, replyToMessageId?: number): void {
  for (const r of recipients) {
    ensureCard(db, r.operatorId, chat, clock);
    enqueue(
      db,
      { destinationChatId: r.operatorId, payload: { type: "notice", text, silent: r.silent, replyToMessageId }, chatId: chat.id },
      clock,
    );
  }
}

/** A line of text not tied to one chat (a queue drained, a colleague deactivated). */
export function notifyOperators(db: Store, recipients: Recipient[], text: string, clock: Clock): void {
  for (const r of recipients) {
    enqueue(db, { destinationChatId: r.operatorId, payload: { type: "notice", text, silent: r.silent } }, clock);
  }
}
