import { and, eq } from "drizzle-orm";
import { statement } from "../db/prepared.js";
import { operatorTopics, topicOpenings } from "../db/schema.js";
import type { Clock, Store } from "../db/store.js";
import { type Chat, responsibleOf } from "./chats.js";
import { enqueue } from "./outbox.js";

/** The topic of a client chat in an operator's chat with the bot. */
export interface ChatTopic {
  threadId: number;
  name: string;
  cardMessageId: number | null;
}

/** The client chat a topic of the operator's chat stands for; undefined for the general lane and hand-made topics. */
export function chatOfTopic(db: Store, operatorId: number, threadId: number): number | undefined {
  return db
    .select({ chatId: operatorTopics.chatId })
    .from(operatorTopics)
    .where(and(eq(operatorTopics.operatorId, operatorId), eq(operatorTopics.threadId, threadId)))
    .get()?.chatId;
}

export function topicOf(db: Store, operatorId: number, chatId: number): ChatTopic | undefined {
  return db
    .select({ threadId: operatorTopics.threadId, name: operatorTopics.name, cardMessageId: operatorTopics.cardMessageId })
    .from(operatorTopics)
    .where(and(eq(operatorTopics.operatorId, operatorId), eq(operatorTopics.chatId, chatId)))
    .get();
}

/** What a topic's name shows at a glance, from the viewer's side. */
export type TopicState = "unassigned" | "mine" | "others" | "closed" | "shared";

export function topicState(chat: Chat, viewerId: number): TopicState {
  if (chat.status === "closed") return "closed";
  const responsible = responsibleOf(chat);
  // Group chats and chats with the feature off never get a responsible: nobody "should" take them.
  if (chat.kind !== "private" || !chat.responsibleEnabled) return "shared";
  if (responsible === null) return "unassigned";
  return responsible === viewerId ? "mine" : "others";
}

/**
 * Records that a topic is about to be created, before createForumTopic is called. Returns how many earlier
 * attempts were never recorded (crashes in between): each may have left an empty topic in the operator's chat.
 */
export function beginTopicOpening(db: Store, operatorId: number, chatId: number, clock: Clock): number {
  const row = statement(
    db,
    `INSERT INTO topic_openings (operator_id, chat_id, attempts, started_at) VALUES (?, ?, 1, ?)
     ON CONFLICT (operator_id, chat_id) DO UPDATE SET attempts = attempts + 1, started_at = excluded.started_at
     RETURNING attempts`,
  ).get(operatorId, chatId, clock()) as { attempts: number };
  return row.attempts - 1;
}

/** The topic Telegram created is the chat's topic for this operator from now on; the opening is over. */
export function storeTopic(db: Store, operatorId: number, chatId: number, threadId: number, name: string, clock: Clock): void {
  db.transaction((tx) => {
    tx.delete(operatorTopics)
      .where(and(eq(operatorTopics.operatorId, operatorId), eq(operatorTopics.chatId, chatId)))
      .run();
    tx.insert(operatorTopics).values({ operatorId, chatId, threadId, name, cardMessageId: null, createdAt: clock() }).run();
    tx.delete(topicOpenings)
      .where(and(eq(topicOpenings.operatorId, operatorId), eq(topicOpenings.chatId, chatId)))
      .run();
  });
}

/** The operator deleted the topic (Telegram says the thread is not found): the next delivery opens a new one. */
export function forgetTopic(db: Store, operatorId: number, chatId: number, threadId: number): void {
  db.delete(operatorTopics)
    .where(and(eq(operatorTopics.operatorId, operatorId), eq(operatorTopics.chatId, chatId), eq(operatorTopics.threadId, threadId)))
    .run();
}

/** The card edited in place from now on; 0 when Telegram refused the card, so messages are not held up for it. */
export function setTopicCard(db: Store, operatorId: number, chatId: number, cardMessageId: number): void {
  db.update(operatorTopics)
    .set({ cardMessageId })
    .where(and(eq(operatorTopics.operatorId, operatorId), eq(operatorTopics.chatId, chatId)))
    .run();
}

export function renameTopic(db: Store, operatorId: number, chatId: number, name: string): void {
  db.update(operatorTopics)
    .set({ name })
    .where(and(eq(operatorTopics.operatorId, operatorId), eq(operatorTopics.chatId, chatId)))
    .run();
}

/**
 * Something was delivered into a topic: the stream's notion of "the chat the operator last saw" no longer holds,
 * so should the inbox switch back to the stream, the first message there is introduced by its card.
 */
export function leaveStream(db: Store, operatorId: number): void {
  statement(db, "DELETE FROM operator_feeds WHERE operator_id = ?").run(operatorId);
}

/**
 * The chat list's request for a chat in the threaded inbox: its card is put into the chat's topic (opened anew
 * if the operator deleted it), through delivery, so the topic is created by the one sender that creates topics.
 */
export function queueTopicCard(db: Store, operatorId: number, chatId: number, clock: Clock): void {
  enqueue(db, { destinationChatId: operatorId, payload: { type: "card", chatId, silent: true, open: true }, chatId, urgent: true }, clock);
}
