import { Composer } from "grammy";
import { decode, matcher } from "../../callback-codec.js";
import { type RatingRefusal, rateClosure, requestRatingComment, takeRatingComment } from "../../rules/ratings.js";
import { ratedView, stars } from "../../views/ratings.js";
import type { BotContext } from "../context.js";
import { ignoreNotModified } from "../edits.js";
import { personName } from "../message-kind.js";
import { logRefusal } from "./guards.js";

const REFUSALS: Record<RatingRefusal, string> = {
  not_found: "rating-no-longer",
  not_yours: "rating-not-yours",
  already_rated: "rating-already",
  not_rated: "rating-no-longer",
  bad_score: "rating-no-longer",
};

/**
 * The client's side of satisfaction ratings: the score buttons under "How did we do?", "Add a comment", and
 * the comment itself. These buttons are pressed by clients, not operators, so no operator guard applies; the
 * rules accept a press only from the chat's own client, in their own chat with the bot.
 */
export const ratings = new Composer<BotContext>();

ratings.callbackQuery(matcher("rate", "rateComment"), async (ctx) => {
  const data = decode(ctx.callbackQuery.data);
  const presser = { userId: ctx.from.id, telegramChatId: ctx.chat?.id };
  const { db, clock } = ctx.deps;
  if (data?.action === "rate") {
    const outcome = rateClosure(db, data.closure, data.score, presser, clock);
    if (!outcome.ok) return refuse(ctx, outcome.reason);
    ctx.deps.kickDelivery();
    await ctx.answerCallbackQuery();
    const view = ratedView((k, v) => ctx.t(k, v), data.closure, data.score);
    await ctx.editMessageText(view.text, { reply_markup: view.reply_markup }).catch(ignoreNotModified);
  } else if (data?.action === "rateComment") {
    const outcome = requestRatingComment(db, data.closure, presser, clock);
    if (!outcome.ok) return refuse(ctx, outcome.reason);
    await ctx.answerCallbackQuery();
    const score = outcome.rating.score!;
    await ctx
      .editMessageText(`${ctx.t("rating-thanks", { stars: stars(score) })}\n\n${ctx.t("rating-comment-ask")}`)
      .catch(ignoreNotModified);
  }
});

async function refuse(ctx: BotContext, reason: RatingRefusal): Promise<void> {
  if (reason === "not_yours") logRefusal(ctx, "not_rating_client");
  await ctx.answerCallbackQuery({ text: ctx.t(REFUSALS[reason]) });
}

/**
 * A client who asked to add a comment: their next text message is it (see takeRatingComment for why it is
 * stored but not relayed as a new question). Anything else goes on to the relay as usual. Runs on the clients'
 * own path (see createBot), where every client message passes.
 */
export const ratingComments = new Composer<BotContext>();

ratingComments.chatType("private").on("message:text", async (ctx, next) => {
  if (ctx.operator || ctx.formerOperator || ctx.msg.text.startsWith("/")) return next();
  const taken = takeRatingComment(
    ctx.deps.db,
    {
      telegramChatId: ctx.chat.id,
      telegramMessageId: ctx.msg.message_id,
      senderUserId: ctx.from.id,
      senderName: personName(ctx.from),
      text: ctx.msg.text,
    },
    ctx.deps.clock,
  );
  if (!taken) return next();
  ctx.deps.kickDelivery();
});
