import { Composer, InlineKeyboard } from "grammy";
import { recordOperatorEdit } from "../../rules/reply-edits.js";
import { recordHeldPrompt, resolveHeldReply } from "../../rules/held-replies.js";
import { recordOperatorReply } from "../../rules/replies.js";
import { encode, matcher, decode } from "../../callback-codec.js";
import type { BotContext } from "../context.js";
import { ignoreNotModified } from "../edits.js";
import { describeMessage, isContent } from "../message-kind.js";
import { inThreadedInbox, writtenIn } from "../written-in.js";
import { resendableOf } from "../resend-content.js";
import { logRefusal, operatorOnly } from "./guards.js";

/**
 * Operators answer clients by replying, in their own private chat with the bot, to a client's message or
 * card, or (threaded inbox) by writing in the client's topic, where every answer to them lands too. What
 * they send is stored and queued for the client; a chat someone else owns asks first.
 */
export const operatorReply = new Composer<BotContext>();

const console_ = operatorReply.chatType("private");

/** A chat as the words name it: `#id title` (the id a string, so Fluent writes it without separators). */
const chatVars = (chat: { id: number; title: string }) => ({ id: String(chat.id), title: chat.title });

console_.on("message", async (ctx, next) => {
  const op = ctx.operator;
  if (!op || !isContent(ctx.msg)) return next();
  const facts = describeMessage(ctx.msg);
  // A saved reply the operator picked through the bot's inline mode: answered like any message, placeholders filled.
  const savedReply = ctx.msg.via_bot?.id === ctx.me.id;
  // A typed command is for the bot, never for a client; unknown ones get a hint rather than silence.
  const written = writtenIn(ctx.msg);
  if (!savedReply && facts.kind === "text" && ctx.msg.text?.startsWith("/") && written.replyToTelegramMessageId === undefined) {
    await ctx.reply(ctx.t("reply-unknown-command"));
    return;
  }
  const outcome = recordOperatorReply(
    ctx.deps.db,
    {
      operatorId: op.id,
      telegramMessageId: ctx.msg.message_id,
      replyToTelegramMessageId: written.replyToTelegramMessageId,
      threadId: written.threadId,
      kind: facts.kind,
      text: facts.text,
      entities: facts.entities,
      mediaGroupId: ctx.msg.media_group_id,
      savedReply,
      // Kept for a business account's chat, where the answer is sent again by kind rather than copied.
      content: resendableOf(ctx.msg),
    },
    ctx.deps.clock,
  );
  switch (outcome.status) {
    case "sent":
    case "album_part":
      ctx.deps.kickDelivery();
      return;
    case "duplicate":
      return;
    case "no_target":
      logRefusal(ctx, "no_target");
      await ctx.reply(ctx.t(noTargetHint(ctx, written.replyToTelegramMessageId !== undefined)), {
        reply_parameters: { message_id: ctx.msg.message_id, allow_sending_without_reply: true },
      });
      return;
    case "client_blocked":
      ctx.log.info({ client_chat: outcome.chat.id }, "reply not relayed: the client blocked the bot");
      await ctx.reply(ctx.t("reply-client-blocked", chatVars(outcome.chat)), {
        reply_parameters: { message_id: ctx.msg.message_id, allow_sending_without_reply: true },
      });
      return;
    case "held": {
      ctx.log.info({ client_chat: outcome.chat.id, held: outcome.heldId }, "reply held: someone else's chat");
      const prompt = await ctx.reply(
        outcome.responsible
          ? ctx.t("reply-held-responsible", { ...chatVars(outcome.chat), name: outcome.responsible.name })
          : ctx.t("reply-held", chatVars(outcome.chat)),
        {
          reply_parameters: { message_id: ctx.msg.message_id, allow_sending_without_reply: true },
          reply_markup: new InlineKeyboard()
            .text(ctx.t("reply-take-over"), encode({ action: "takeOver", held: outcome.heldId }))
            .text(ctx.t("reply-send-anyway"), encode({ action: "sendAnyway", held: outcome.heldId }))
            .row()
            .text(ctx.t("reply-cancel"), encode({ action: "cancelHeld", held: outcome.heldId })),
        },
      );
      recordHeldPrompt(ctx.deps.db, outcome.heldId, prompt.message_id);
      return;
    }
  }
});

/**
 * A message that reached no client: a reply to something that stands for no chat, or a plain message where no
 * client is (the stream, the general lane, a topic the operator made), which is told where answers go.
 */
function noTargetHint(ctx: BotContext, replied: boolean): string {
  if (replied) return "reply-no-target-reply";
  return inThreadedInbox(ctx) ? "topics-write-in-topic" : "reply-no-target";
}

console_.on("edited_message", async (ctx, next) => {
  if (!ctx.operator) return next();
  const msg = ctx.editedMessage;
  const text = msg.text ?? msg.caption;
  if (text === undefined) return;
  if (
    recordOperatorEdit(
      ctx.deps.db,
      ctx.operator.id,
      msg.message_id,
      text,
      msg.text === undefined,
      ctx.deps.clock,
      msg.entities ?? msg.caption_entities,
      msg.via_bot?.id === ctx.me.id,
    )
  ) {
    ctx.deps.kickDelivery();
  }
});

operatorReply.callbackQuery(matcher("takeOver", "sendAnyway", "cancelHeld"), operatorOnly, async (ctx) => {
  const data = decode(ctx.callbackQuery.data);
  if (!data || !("held" in data)) return ctx.answerCallbackQuery();
  const choice = data.action === "takeOver" ? "take_over" : data.action === "sendAnyway" ? "send_anyway" : "cancel";
  const outcome = resolveHeldReply(ctx.deps.db, data.held, ctx.from.id, choice, ctx.deps.clock);
  ctx.deps.kickDelivery();
  const text =
    outcome.status === "sent"
      ? ctx.t(outcome.tookOver ? "reply-took-over" : "reply-sent", chatVars(outcome.chat))
      : outcome.status === "cancelled"
        ? ctx.t("reply-cancelled")
        : outcome.status === "client_blocked"
          ? ctx.t("reply-client-blocked", chatVars(outcome.chat))
          : ctx.t("reply-already-answered");
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(text).catch(ignoreNotModified);
});
