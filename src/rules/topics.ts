import { and, eq } from "drizzle-orm";
import { operatorTopics } from "../db/schema.js";
import type { Store } from "../db/store.js";

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

/** Whether the operator has any client topics: their chat with the bot is a threaded inbox. */
export function operatorHasTopics(db: Store, operatorId: number): boolean {
  return (
    db
      .select({ threadId: operatorTopics.threadId })
      .from(operatorTopics)
      .where(eq(operatorTopics.operatorId, operatorId))
      .limit(1)
      .get() !== undefined
  );
}
