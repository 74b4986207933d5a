import type { Conversation } from "@grammyjs/conversations";
import { type Context, InlineKeyboard } from "grammy";
import type { Message } from "grammy/types";
import { type CallbackData, decode, encode } from "../../callback-codec.js";
import {
  addSavedReply,
  editSavedReply,
  getSavedReply,
  type SavedContent,
  type SavedReply,
  type Section,
  TITLE_LIMIT,
} from "../../rules/saved-replies.js";
import { PLACEHOLDER_VARS } from "../../views/saved-replies.js";
import type { T } from "../../views/words.js";
import type { BotContext, BotDeps } from "../context.js";

/** What the dialogue is for: a new reply in a section, or changing an existing one. */
export type SavedReplyJob = { section: Section } | { replyId: number };

const DIALOGUE_ACTIONS = new Set<CallbackData["action"]>(["dialogCancel"]);

function isCancel(ctx: Context): boolean {
  if (ctx.callbackQuery) return decode(ctx.callbackQuery.data)?.action === "dialogCancel";
  return /^\/cancel(@\w+)?$/.test(ctx.message?.text?.trim() ?? "");
}

const isSkip = (text: string | undefined) => /^\/skip(@\w+)?$/.test(text?.trim() ?? "");

/**
 * Whether an update answers the dialogue: its Cancel button, or a message that replies to nothing or to one of
 * its prompts. A reply to a client's message or card, a saved reply picked inline, edits and other buttons are
 * the operator's work and go on to the rest of the bot.
 */
function answersDialogue(ctx: Context, prompts: ReadonlySet<number>): boolean {
  if (ctx.callbackQuery) return DIALOGUE_ACTIONS.has(decode(ctx.callbackQuery.data)?.action as CallbackData["action"]);
  const message = ctx.message;
  if (!message || message.via_bot) return false;
  if (isCancel(ctx)) return true;
  return !message.reply_to_message || prompts.has(message.reply_to_message.message_id);
}

/** What a message holds as a saved reply's content; undefined for kinds an inline result cannot carry. */
export function savedContentOf(msg: Message): SavedContent | undefined {
  if (msg.text !== undefined) return msg.text.startsWith("/") ? undefined : { kind: "text", text: msg.text, entities: msg.entities };
  const caption = { text: msg.caption, entities: msg.caption_entities };
  if (msg.photo) return { kind: "photo", fileId: msg.photo.at(-1)?.file_id, ...caption };
  if (msg.animation) return { kind: "animation", fileId: msg.animation.file_id, ...caption };
  if (msg.video) return { kind: "video", fileId: msg.video.file_id, ...caption };
  if (msg.document) return { kind: "document", fileId: msg.document.file_id, ...caption };
  if (msg.audio) return { kind: "audio", fileId: msg.audio.file_id, ...caption };
  if (msg.voice) return { kind: "voice", fileId: msg.voice.file_id, ...caption };
  if (msg.sticker) return { kind: "sticker", fileId: msg.sticker.file_id };
  return undefined;
}

/**
 * Adding or editing a saved reply: its title, then its content (a text or a media message the operator sends).
 * `/cancel` or Cancel leaves at any step; the rule that saves checks once more who may change the section.
 */
export function savedReplyDialogue(deps: BotDeps) {
  return async function savedReply(conversation: Conversation<BotContext, Context>, ctx: Context, job: SavedReplyJob) {
    const actorId = ctx.from!.id;
    // As in /newgroup: the language is read once and kept in the replay log, so every replay speaks alike.
    const locale = await conversation.external((outer) => outer.i18n.getLocale());
    const t: T = (key, vars) => deps.i18n!.t(locale, key, vars);
    const existing: SavedReply | null =
      "replyId" in job ? await conversation.external(() => getSavedReply(deps.db, actorId, job.replyId) ?? null) : null;
    if ("replyId" in job && !existing) {
      await ctx.reply(t("replies-gone"));
      return;
    }
    const section: Section = existing ? (existing.ownerId === null ? "team" : "own") : (job as { section: Section }).section;
    const sectionName = t(section === "team" ? "replies-section-team" : "replies-section-own");
    const prompts = new Set<number>();
    const cancel = new InlineKeyboard().text(t("replies-cancel"), encode({ action: "dialogCancel" }));
    const say = async (c: Context, text: string) => {
      const sent = await c.reply(text, { reply_markup: cancel });
      prompts.add(sent.message_id);
    };

    /** The next message meant for the dialogue; a cancel ends it with `undefined`. */
    const nextMessage = async (): Promise<Message | undefined> => {
      for (;;) {
        const answer = await conversation.wait();
        if (!answersDialogue(answer, prompts)) await conversation.skip({ next: true });
        if (isCancel(answer)) {
          if (answer.callbackQuery) await answer.answerCallbackQuery().catch(() => undefined);
          await answer.reply(t("replies-cancelled"));
          return undefined;
        }
        if (answer.message) return answer.message;
      }
    };

    await say(ctx, existing ? t("replies-edit-ask-title", { title: existing.title }) : t("replies-ask-title", { section: sectionName }));
    let title: string | undefined;
    for (;;) {
      const msg = await nextMessage();
      if (!msg) return;
      const text = msg.text?.trim();
      if (existing && isSkip(text)) break;
      if (text && !text.startsWith("/") && text.length <= TITLE_LIMIT) {
        title = text;
        break;
      }
      await say(ctx, t("replies-title-invalid"));
    }

    await say(ctx, existing ? t("replies-edit-ask-content") : t("replies-ask-content", PLACEHOLDER_VARS));
    let content: SavedContent | undefined;
    for (;;) {
      const msg = await nextMessage();
      if (!msg) return;
      if (existing && isSkip(msg.text)) break;
      content = savedContentOf(msg);
      if (content) break;
      await say(ctx, t("replies-content-invalid"));
    }

    const saved = await conversation.external(() => {
      const outcome = existing
        ? editSavedReply(deps.db, actorId, existing.id, { title, content }, deps.clock)
        : addSavedReply(deps.db, actorId, section, title ?? "", content!, deps.clock);
      return outcome.ok ? { ok: true as const, title: outcome.reply.title } : { ok: false as const, reason: outcome.reason };
    });
    if (saved.ok) await ctx.reply(t("replies-saved", { title: saved.title, section: sectionName }));
    else if (saved.reason === "not_found") await ctx.reply(t("replies-gone"));
    else if (saved.reason === "not_admin" || saved.reason === "not_operator") {
      await conversation.external(() => deps.log.info({ person: actorId, reason: saved.reason, attempted: "saved reply" }, "refused"));
      await ctx.reply(t("replies-not-admin"));
    } else await ctx.reply(t("replies-content-invalid"));
  };
}
