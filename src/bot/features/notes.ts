import { Composer } from "grammy";
import { resolveLocation } from "../../rules/chats.js";
import { conversationOf } from "../../rules/conversation.js";
import { addNote, NOTE_LIMIT } from "../../rules/notes.js";
import type { BotContext } from "../context.js";
import { writtenIn } from "../written-in.js";
import { logRefusal, operatorOnly } from "./guards.js";

/**
 * `/note text`: a private note on the conversation the command is written in (a reply to one of its messages or
 * its card, or its topic). Colleagues following the chat see it; the client never does.
 */
export const notes = new Composer<BotContext>();

notes.chatType("private").command("note", operatorOnly, async (ctx) => {
  const { db, clock } = ctx.deps;
  const answer = (key: string, vars?: Record<string, string | number>) =>
    ctx.reply(ctx.t(key, vars), { reply_parameters: { message_id: ctx.msg.message_id, allow_sending_without_reply: true } });
  const written = writtenIn(ctx.msg);
  const chatId = conversationOf(db, ctx.from.id, written);
  if (chatId === undefined) {
    logRefusal(ctx, "no_target");
    return answer("notes-no-chat");
  }
  const about =
    written.replyToTelegramMessageId === undefined ? undefined : resolveLocation(db, ctx.from.id, written.replyToTelegramMessageId);
  const outcome = addNote(
    db,
    {
      chatId,
      author: { operatorId: ctx.from.id },
      text: ctx.match,
      source: { chatId: ctx.from.id, messageId: ctx.msg.message_id },
      replyToMessageId: about?.chatId === chatId ? (about.messageId ?? undefined) : undefined,
    },
    clock,
  );
  if (!outcome.ok) {
    logRefusal(ctx, outcome.reason);
    return answer(outcome.reason === "too_long" ? "notes-too-long" : "notes-usage", { limit: String(NOTE_LIMIT) });
  }
  if (outcome.duplicate) return;
  ctx.deps.kickDelivery();
  return answer("notes-saved", { id: String(outcome.chat.id), title: outcome.chat.title, n: outcome.recipients });
});
