import { operatorTopics } from "../../src/db/schema.js";
import { getChat } from "../../src/rules/chats.js";
import type { ConsoleUnderTest } from "./console.js";

/**
 * The topic of a client chat in an operator's chat with the bot, opened as the threaded inbox's delivery opens
 * it: threaded mode on, a topic the bot created, the (operator, chat) → topic row. The one place to switch to the
 * real flow once delivery creates topics itself. Returns the topic's message_thread_id.
 */
export function openTopic(t: Pick<ConsoleUnderTest, "fake" | "app">, operatorId: number, chatId: number): number {
  t.fake.world.botSettings.hasTopicsEnabled = true;
  const chat = getChat(t.app.db, chatId);
  if (!chat) throw new Error(`test error: no chat ${chatId}`);
  const name = `#${chat.id} · ${chat.title}`;
  const topic = t.fake.world.createTopic(operatorId, name, false);
  t.app.db
    .insert(operatorTopics)
    .values({ operatorId, chatId, threadId: topic.threadId, name, cardMessageId: null, createdAt: Date.now() })
    .run();
  return topic.threadId;
}
