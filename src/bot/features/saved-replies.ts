import { createConversation } from "@grammyjs/conversations";
import { Composer } from "grammy";
import { decode, matcher } from "../../callback-codec.js";
import {
  deleteSavedReply,
  getSavedReply,
  listSavedReplies,
  manageRefusal,
  matchSavedReplies,
  type SavedReply,
  type Section,
} from "../../rules/saved-replies.js";
import type { CardView } from "../../views/cards.js";
import { inlineResult, replyDeleteView, repliesHomeView, repliesSectionView, replyView, sectionOf } from "../../views/saved-replies.js";
import type { BotContext, BotDeps } from "../context.js";
import { ignoreNotModified } from "../edits.js";
import { logRefusal, operatorOnly, refuseNotAdmin } from "./guards.js";
import { savedReplyDialogue } from "./saved-reply-dialogue.js";

/**
 * Saved replies: `/replies` to browse and manage them (the team library for admins, their own for everyone), and
 * the inline mode that offers them in a client's conversation. What the operator picks arrives as their own
 * message carrying `via_bot`, and operator-reply.ts relays it like any answer.
 */
export function savedReplies(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.use(
    createConversation(savedReplyDialogue(deps), { id: "savedReply", maxMillisecondsToWait: deps.conversationTimeoutMs ?? 10 * 60_000 }),
  );

  composer.on("inline_query", async (ctx) => {
    const query = ctx.inlineQuery;
    // Saved replies are for clients' conversations, all in the chat with the bot; elsewhere placeholders stay unfilled.
    const here = query.chat_type === "sender";
    if (!ctx.operator) logRefusal(ctx, "not_operator");
    const found = here ? matchSavedReplies(ctx.deps.db, ctx.from.id, query.query) : [];
    // Personal and uncached: each operator sees their own replies, and a deleted one disappears at once.
    await ctx.answerInlineQuery(
      found.map((r) => inlineResult(ctx.t.bind(ctx), r)),
      { cache_time: 0, is_personal: true },
    );
  });
  // With inline feedback on in @BotFather Telegram also reports the pick; the posted message already carries the answer.
  composer.on("chosen_inline_result", () => {});

  composer.chatType("private").command("replies", operatorOnly, async (ctx) => {
    const view = homeView(ctx);
    await ctx.reply(view.text, { reply_markup: view.reply_markup! });
  });

  composer.callbackQuery(
    matcher("repliesHome", "repliesSection", "replyOpen", "replyAdd", "replyEdit", "replyDelete", "replyDeleteConfirm"),
    operatorOnly,
    async (ctx) => {
      const data = decode(ctx.callbackQuery.data);
      const db = ctx.deps.db;
      const me = ctx.from.id;
      if (!data) return ctx.answerCallbackQuery();
      if (data.action === "repliesHome") return show(ctx, homeView(ctx));
      if (data.action === "repliesSection") return show(ctx, sectionView(ctx, sectionOf(data.section), data.page));
      if (data.action === "replyAdd") {
        const section = sectionOf(data.section);
        if (manageRefusal(db, me, section === "team" ? null : me)) return refuseNotAdmin(ctx);
        await ctx.answerCallbackQuery();
        return ctx.conversation.enter("savedReply", { section });
      }
      if (!("reply" in data)) return ctx.answerCallbackQuery();
      const reply = getSavedReply(db, me, data.reply);
      if (!reply) {
        await ctx.answerCallbackQuery({ text: ctx.t("replies-gone") });
        return;
      }
      const mayChange = manageRefusal(db, me, reply.ownerId) === undefined;
      if (data.action === "replyOpen") return show(ctx, replyView(ctx.t.bind(ctx), reply, mayChange));
      if (!mayChange) return refuseNotAdmin(ctx);
      if (data.action === "replyEdit") {
        await ctx.answerCallbackQuery();
        return ctx.conversation.enter("savedReply", { replyId: reply.id });
      }
      if (data.action === "replyDelete") return show(ctx, replyDeleteView(ctx.t.bind(ctx), reply));
      const deleted = deleteSavedReply(db, me, reply.id);
      if (!deleted.ok)
        return deleted.reason === "not_found" ? ctx.answerCallbackQuery({ text: ctx.t("replies-gone") }) : refuseNotAdmin(ctx);
      return show(ctx, sectionView(ctx, sectionOfReply(reply), 0), ctx.t("replies-deleted", { title: reply.title }));
    },
  );
  return composer;
}

const sectionOfReply = (reply: SavedReply): Section => (reply.ownerId === null ? "team" : "own");

function homeView(ctx: BotContext): CardView {
  const counts = {
    team: listSavedReplies(ctx.deps.db, ctx.from!.id, "team").length,
    own: listSavedReplies(ctx.deps.db, ctx.from!.id, "own").length,
  };
  return repliesHomeView(ctx.t.bind(ctx), ctx.me.username, counts);
}

function sectionView(ctx: BotContext, section: Section, page: number): CardView {
  const me = ctx.from!.id;
  const mayChange = manageRefusal(ctx.deps.db, me, section === "team" ? null : me) === undefined;
  return repliesSectionView(ctx.t.bind(ctx), section, listSavedReplies(ctx.deps.db, me, section), page, mayChange);
}

/** Answers the press (with a short note, if any) and redraws the /replies message in place. */
async function show(ctx: BotContext, view: CardView, note?: string): Promise<void> {
  await ctx.answerCallbackQuery(note === undefined ? {} : { text: note });
  await ctx.editMessageText(view.text, view.reply_markup ? { reply_markup: view.reply_markup } : {}).catch(ignoreNotModified);
}
