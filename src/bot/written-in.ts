import type { Message } from "grammy/types";
import type { WrittenIn } from "../rules/conversation.js";
import type { BotContext } from "./context.js";

/**
 * Where an operator's message was written. In a topic Telegram marks a plain message as a reply to the topic's
 * first (service) message; that is no reply to anything of a client's, so it is dropped here and the message
 * counts as plain, written in the topic.
 */
export function writtenIn(msg: Message): WrittenIn {
  const threadId = msg.is_topic_message ? msg.message_thread_id : undefined;
  const reply = msg.reply_to_message;
  const opensTopic = reply !== undefined && (reply.forum_topic_created !== undefined || reply.message_id === threadId);
  return { replyToTelegramMessageId: opensTopic ? undefined : reply?.message_id, threadId };
}

/**
 * Whether the console runs as a threaded inbox (client chats in topics), which changes how a plain message in the
 * general lane is answered. The mode chosen at start-up (INBOX_MODE and getMe) decides.
 */
export function inThreadedInbox(ctx: BotContext): boolean {
  return ctx.deps.inbox?.mode === "threads";
}
