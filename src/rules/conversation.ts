import type { Store } from "../db/store.js";
import { resolveLocation } from "./chats.js";
import { chatOfTopic } from "./topics.js";

/** Where an operator wrote something about a client: the message they replied to, and the topic they wrote in. */
export interface WrittenIn {
  replyToTelegramMessageId?: number | undefined;
  threadId?: number | undefined;
}

/** The chat an operator's message is for, and the stored message it quotes (null: it quotes none). */
export interface AnswerTarget {
  chatId: number;
  messageId: number | null;
}

/**
 * The client chat an operator's message is about, found the way an answer finds it: the message it replies to
 * (a client's message, a copy, the card or a notice), else the client topic it was written in. A reply to a
 * topic's own service message (Telegram marks plain topic messages so) falls through to the topic.
 */
export function conversationOf(db: Store, operatorId: number, written: WrittenIn): number | undefined {
  return answerTargetOf(db, operatorId, written)?.chatId;
}

/**
 * As `conversationOf`, with the message the answer quotes. Inside a client's topic the topic decides: a reply
 * there to something of another chat (which the relay never puts there) quotes nothing rather than letting
 * words typed in Carol's topic reach anyone but Carol.
 */
export function answerTargetOf(db: Store, operatorId: number, written: WrittenIn): AnswerTarget | undefined {
  const location =
    written.replyToTelegramMessageId === undefined ? undefined : resolveLocation(db, operatorId, written.replyToTelegramMessageId);
  const topicChat = written.threadId === undefined ? undefined : chatOfTopic(db, operatorId, written.threadId);
  if (topicChat !== undefined) return { chatId: topicChat, messageId: location?.chatId === topicChat ? location.messageId : null };
  return location ? { chatId: location.chatId, messageId: location.messageId } : undefined;
}
