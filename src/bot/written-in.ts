import type { WrittenIn } from "../rules/conversation.js";
import type { BotContext } from "./context.js";

/**
 * Where an operator's command was written, for `conversationOf`: the message it replies to, and the topic it
 * was written in (only a real topic message: Telegram also threads plain replies).
 */
export function writtenIn(ctx: BotContext): WrittenIn {
  const msg = ctx.msg;
  return {
    replyToTelegramMessageId: msg?.reply_to_message?.message_id,
    threadId: msg?.is_topic_message ? msg.message_thread_id : undefined,
  };
}
