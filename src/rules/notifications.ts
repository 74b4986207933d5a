import { connectionOf } from "../db/connections.js";
import { statement } from "../db/prepared.js";
import type { operators } from "../db/schema.js";
import type { Clock, Store } from "../db/store.js";
import { type Chat, responsibleOf } from "./chats.js";
import type { Event } from "./events.js";
import { followersNotBehind } from "./backlog.js";
import { type Enqueue, enqueue, enqueueMany, type OutboxPayload } from "./outbox.js";

/** A notice is an event, worded when it is sent, in the reader's language of the moment. */
function notice(event: Event, silent: boolean, replyToMessageId?: number): OutboxPayload {
  return { type: "notice", event, silent, replyToMessageId };
}

/** An operator a notification goes to, and whether it arrives without sound. */
export interface Recipient {
  operatorId: number;
  silent: boolean;
}

type Reachable = Pick<typeof operators.$inferSelect, "id" | "notifyChannel" | "notifyFilter">;

const reachableCache = new WeakMap<object, { mark: number; operators: readonly Reachable[] }>();

/**
 * The operators notifications may go to. Read for every client message, so kept in memory per connection for as
 * long as the operators' change mark (set by triggers on every write to the table) stays the same: the rows cost
 * ten times the mark to read, most of it in building their objects.
 */
function reachableOperators(db: Store): readonly Reachable[] {
  const mark = statement(db, "SELECT mark FROM change_marks WHERE source = 'operators'").pluck().get() as number;
  const connection = connectionOf(db);
  const cached = reachableCache.get(connection);
  if (cached?.mark === mark) return cached.operators;
  const operators = Object.freeze(
    (
      statement(
        db,
        "SELECT id, notify_channel AS notifyChannel, notify_filter AS notifyFilter FROM operators WHERE active = 1 AND unreachable = 0 AND notify_channel <> 'off'",
      ).all() as Reachable[]
    ).map((op) => Object.freeze(op)),
  );
  reachableCache.set(connection, { mark, operators });
  return operators;
}

/**
 * Who is pushed a client's message, by each operator's profile: the responsible always; everyone on "all
 * chats"; and, while the chat has no responsible (new, reset, switched off, or a group chat), everyone on
 * "new and mine". An operator whose channel is off gets nothing and works from the chat list.
 */
export function messageRecipients(db: Store, chat: Chat): Recipient[] {
  const responsible = responsibleOf(chat);
  return reachableOperators(db)
    .filter((op) => op.notifyFilter === "all" || op.id === responsible || (op.notifyFilter === "new_and_mine" && responsible === null))
    .map((op) => ({ operatorId: op.id, silent: op.notifyChannel === "silent" }));
}

/**
 * Who is told of routine news in a chat (a colleague's answer, a client's edit or deletion, the account owner's
 * answer): as for a message, but not an operator whose queue is past the backlog cap, who is not sent other
 * people's chats one by one (backlog.ts). The chat's responsible always is.
 */
export function routineRecipients(db: Store, chat: Chat): Recipient[] {
  return followersNotBehind(db, messageRecipients(db, chat), responsibleOf(chat));
}

/** Who of the given operators is pushed an event (assigned to you, taken from you...): channel decides, not filter. */
export function eventRecipients(db: Store, operatorIds: Iterable<number>): Recipient[] {
  const wanted = new Set(operatorIds);
  return reachableOperators(db)
    .filter((op) => wanted.has(op.id))
    .map((op) => ({ operatorId: op.id, silent: op.notifyChannel === "silent" }));
}

/** The chat the operator last had a card or message delivered about; delivery keeps it as it sends. */
export function feedOf(db: Store, operatorId: number): number | undefined {
  const row = statement(db, "SELECT last_chat_id AS chat FROM operator_feeds WHERE operator_id = ?").get(operatorId) as
    | { chat: number }
    | undefined;
  return row?.chat;
}

/** The operator's next row about any chat is preceded by its card (they were last shown something else). */
export function forgetFeed(db: Store, operatorId: number): void {
  statement(db, "DELETE FROM operator_feeds WHERE operator_id = ?").run(operatorId);
}

export function moveFeed(db: Store, operatorId: number, chatId: number): void {
  statement(
    db,
    "INSERT INTO operator_feeds (operator_id, last_chat_id) VALUES (?, ?) ON CONFLICT (operator_id) DO UPDATE SET last_chat_id = excluded.last_chat_id",
  ).run(operatorId, chatId);
}

/**
 * Queues one row per recipient about a chat. Each is marked to be preceded by the chat's card if, when it is
 * sent, the last thing delivered to that operator was about another chat, so a stream of messages from several
 * clients always says whose each one is. That is decided at send time because delivery serves an operator's
 * chats in turn, not in the order rows were written. All in a handful of statements, whatever the team's size.
 */
export function fanOut(db: Store, recipients: Recipient[], rowFor: (r: Recipient) => Enqueue, clock: Clock): void {
  if (recipients.length === 0) return;
  enqueueMany(
    db,
    recipients.map((r) => ({ ...rowFor(r), cardFirst: true })),
    clock,
  );
}

/**
 * A notice about a chat for everyone a client's message there would reach, except the operator whose own act it
 * is (an answer, a note). Threaded under `replyToMessageId` in each reader's chat; returns how many were told.
 */
export function tellFollowers(
  db: Store,
  chat: Chat,
  exceptOperatorId: number | undefined,
  event: Event,
  opts: { silent?: boolean; replyToMessageId?: number | undefined; messageId?: number; routine?: boolean },
  clock: Clock,
): number {
  const followers = (opts.routine ? routineRecipients(db, chat) : messageRecipients(db, chat)).filter(
    (r) => r.operatorId !== exceptOperatorId,
  );
  fanOut(
    db,
    followers,
    (r) => ({
      destinationChatId: r.operatorId,
      payload: { type: "notice", event, silent: opts.silent ?? r.silent, replyToMessageId: opts.replyToMessageId },
      chatId: chat.id,
      ...(opts.messageId === undefined ? {} : { messageId: opts.messageId }),
    }),
    clock,
  );
  return followers.length;
}

/** Queues a card for the chat (with a headline, for alerts), ahead of the operator's conversation rows. */
export function sendCard(db: Store, operatorId: number, chat: Chat, silent: boolean, clock: Clock, headline?: Event): void {
  enqueueMany(
    db,
    [{ destinationChatId: operatorId, payload: { type: "card", chatId: chat.id, silent, headline }, chatId: chat.id, urgent: true }],
    clock,
  );
}

/**
 * A line of text about a chat for each recipient, preceded by the chat's card where needed. It stays in the
 * chat's place in the conversation (an edit notice, a message that could not be copied).
 */
export function notifyAboutChat(
  db: Store,
  recipients: Recipient[],
  chat: Chat,
  event: Event,
  clock: Clock,
  replyToMessageId?: number,
): void {
  fanOut(
    db,
    recipients,
    (r) => ({ destinationChatId: r.operatorId, payload: notice(event, r.silent, replyToMessageId), chatId: chat.id }),
    clock,
  );
}

/**
 * An event about a chat (assigned to you, taken from you, closed, blocked, a reminder): like notifyAboutChat,
 * but ahead of the conversation rows waiting for the same operator, so a flood never delays it.
 */
export function notifyEvent(db: Store, recipients: Recipient[], chat: Chat, event: Event, clock: Clock, replyToMessageId?: number): void {
  fanOut(
    db,
    recipients,
    (r) => ({ destinationChatId: r.operatorId, payload: notice(event, r.silent, replyToMessageId), chatId: chat.id, urgent: true }),
    clock,
  );
}

/** An event not tied to one chat (a colleague deactivated, someone joined through your invite). */
export function notifyOperators(db: Store, recipients: Recipient[], event: Event, clock: Clock): void {
  for (const r of recipients) {
    enqueue(db, { destinationChatId: r.operatorId, payload: notice(event, r.silent), urgent: true }, clock);
  }
}
