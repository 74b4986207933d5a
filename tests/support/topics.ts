import { operatorTopics } from "../../src/db/schema.js";
import { topicOf } from "../../src/rules/topics.js";
import type { ConsoleUnderTest } from "./console.js";

/**
 * The topic of a client chat in an operator's chat with the bot, as delivery opened it the first time the
 * operator received something of that chat (the console must run in threads mode). Returns its message_thread_id.
 */
export function openTopic(t: Pick<ConsoleUnderTest, "fake" | "app">, operatorId: number, chatId: number): Promise<number> {
  return t.fake.until(() => topicOf(t.app.db, operatorId, chatId)?.threadId);
}

/**
 * A client topic left from before (e.g. in the chat of an operator since deactivated, whom delivery no longer
 * serves): the topic as the bot created it and its (operator, chat) row. Returns its message_thread_id.
 */
export function seedTopic(t: Pick<ConsoleUnderTest, "fake" | "app">, operatorId: number, chatId: number): number {
  t.fake.world.botSettings.hasTopicsEnabled = true;
  const name = `#${chatId}`;
  const topic = t.fake.world.createTopic(operatorId, name, false);
  t.app.db
    .insert(operatorTopics)
    .values({ operatorId, chatId, threadId: topic.threadId, name, cardMessageId: null, createdAt: Date.now() })
    .run();
  return topic.threadId;
}
