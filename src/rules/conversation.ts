import type { Store } from "../db/store.js";
import { resolveLocation } from "./chats.js";
import { chatOfTopic } from "./topics.js";

/** Where an operator wrote something about a client: the message they replied to, and the topic they wrote in. */
export interface WrittenIn {
  replyToTelegramMessageId?: number | undefined;
  threadId?: number | undefined;
}

/**
 * The client chat an operator's message is about, found the way an answer finds it: the message it replies to
 * (a client's message, a copy, the card or a notice), else the client topic it was written in. A reply to a
 * topic's own service message (Telegram marks plain topic messages so) falls through to the topic.
 */
export function conversationOf(db: Store, operatorId: number, written: WrittenIn): number | undefined {
  if (written.replyToTelegramMessageId !== undefined) {
    const location = resolveLocation(db, operatorId, written.replyToTelegramMessageId);
    if (location) return location.chatId;
  }
  return written.threadId === undefined ? undefined : chatOfTopic(db, operatorId, written.threadId);
}
