import { Composer, InlineKeyboard } from "grammy";
import { decode, encode, matcher } from "../../callback-codec.js";
import { getChat } from "../../rules/chats.js";
import { conversationOf } from "../../rules/conversation.js";
import {
  addTeamTag,
  listTeamTags,
  removeTeamTag,
  setChatTag,
  TAG_NAME_LIMIT,
  TEAM_TAG_LIMIT,
  tagsOf,
  tagWords,
  type TeamTagOutcome,
} from "../../rules/tags.js";
import type { BotContext } from "../context.js";
import { ignoreNotModified } from "../edits.js";
import { writtenIn } from "../written-in.js";
import { renderCard } from "./chat-card.js";
import { adminOnly, logRefusal, operatorOnly, refuseNotAdmin } from "./guards.js";

/**
 * Tags on conversations: admins keep the team's list (`/tags`), operators put them on a chat with `/tag` and
 * `/untag` (in the conversation, as an answer finds it) or with the card's Tags button.
 */
export const tagFeatures = new Composer<BotContext>();
const console_ = tagFeatures.chatType("private");

const hashed = (names: string[]) => names.map((n) => `#${n}`).join(" ");

const TEAM_REFUSALS = {
  invalid: "tags-team-invalid",
  exists: "tags-team-exists",
  not_found: "tags-team-not-found",
  too_many: "tags-team-too-many",
} as const;

function teamListText(ctx: BotContext): string {
  const names = listTeamTags(ctx.deps.db).map((tag) => tag.name);
  const list = names.length ? ctx.t("tags-team-list", { tags: hashed(names) }) : ctx.t("tags-team-empty");
  return `${list}\n\n${ctx.t("tags-team-usage", { limit: String(TAG_NAME_LIMIT) })}`;
}

console_.command("tags", adminOnly, async (ctx) => {
  const [verb, ...words] = tagWords(ctx.match);
  if (verb === undefined) return void (await ctx.reply(teamListText(ctx)));
  const adding = /^(add|\+)$/i.test(verb);
  if ((!adding && !/^(remove|delete|-)$/i.test(verb)) || words.length === 0) {
    return void (await ctx.reply(teamListText(ctx)));
  }
  const { db, clock } = ctx.deps;
  const lines: string[] = [];
  for (const word of words) {
    const outcome: TeamTagOutcome = adding ? addTeamTag(db, ctx.from.id, word, clock) : removeTeamTag(db, ctx.from.id, word);
    if (!outcome.ok && outcome.reason === "not_admin") return refuseNotAdmin(ctx);
    if (!outcome.ok) logRefusal(ctx, `tag_${outcome.reason}`);
    lines.push(
      outcome.ok
        ? adding
          ? ctx.t("tags-team-added", { tag: outcome.tag.name })
          : ctx.t("tags-team-removed", { tag: outcome.tag.name, n: outcome.chats })
        : ctx.t(TEAM_REFUSALS[outcome.reason], { tag: word, limit: String(TEAM_TAG_LIMIT), length: String(TAG_NAME_LIMIT) }),
    );
  }
  await ctx.reply(lines.join("\n"));
});

/** `/tag vip` and `/untag vip` (several at once allowed), about the conversation they are written in. */
for (const [command, on] of [
  ["tag", true],
  ["untag", false],
] as const) {
  console_.command(command, operatorOnly, async (ctx) => {
    const { db, clock } = ctx.deps;
    const reply = (text: string) =>
      ctx.reply(text, { reply_parameters: { message_id: ctx.msg.message_id, allow_sending_without_reply: true } });
    const words = tagWords(ctx.match);
    if (words.length === 0) return void (await reply(ctx.t("tags-usage")));
    const chatId = conversationOf(db, ctx.from.id, writtenIn(ctx.msg));
    if (chatId === undefined) {
      logRefusal(ctx, "no_target");
      return void (await reply(ctx.t("tags-no-chat")));
    }
    const unknown: string[] = [];
    for (const word of words) {
      const outcome = setChatTag(db, { operatorId: ctx.from.id }, chatId, word, on, clock);
      if (!outcome.ok) {
        logRefusal(ctx, `tag_${outcome.reason}`);
        unknown.push(word);
      }
    }
    const chat = getChat(db, chatId)!;
    const now = tagsOf(db, chatId).map((tag) => tag.name);
    const state = now.length
      ? ctx.t("tags-chat-now", { id: String(chat.id), title: chat.title, tags: hashed(now) })
      : ctx.t("tags-chat-none", { id: String(chat.id), title: chat.title });
    const known = listTeamTags(db).map((tag) => tag.name);
    const refused = unknown.length
      ? `\n${ctx.t(known.length ? "tags-unknown" : "tags-unknown-empty", { tags: unknown.join(" "), known: hashed(known) })}`
      : "";
    await reply(state + refused);
  });
}

/** The card's tag menu: the team's tags, those on the chat ticked; a press toggles one and redraws the card. */
function tagMenu(ctx: BotContext, chatId: number): InlineKeyboard {
  const on = new Set(tagsOf(ctx.deps.db, chatId).map((tag) => tag.id));
  const k = new InlineKeyboard();
  listTeamTags(ctx.deps.db).forEach((tag, i) => {
    k.text(`${on.has(tag.id) ? "✅" : "▫️"} ${tag.name}`, encode({ action: "tagToggle", chat: chatId, tag: tag.id }));
    if (i % 2 === 1) k.row();
  });
  return k.row().text(ctx.t("button-back"), encode({ action: "card", chat: chatId }));
}

tagFeatures.callbackQuery(matcher("tagMenu", "tagToggle"), operatorOnly, async (ctx) => {
  const data = decode(ctx.callbackQuery.data);
  if (data?.action !== "tagMenu" && data?.action !== "tagToggle") return ctx.answerCallbackQuery();
  const { db, clock } = ctx.deps;
  if (!getChat(db, data.chat)) {
    logRefusal(ctx, "chat_gone");
    return ctx.answerCallbackQuery({ text: ctx.t("card-chat-gone") });
  }
  if (data.action === "tagToggle") {
    const on = !tagsOf(db, data.chat).some((tag) => tag.id === data.tag);
    const outcome = setChatTag(db, { operatorId: ctx.from.id }, data.chat, data.tag, on, clock);
    if (!outcome.ok) {
      logRefusal(ctx, `tag_${outcome.reason}`);
      await ctx.answerCallbackQuery({ text: ctx.t("tags-gone") });
    } else {
      await ctx.answerCallbackQuery({ text: ctx.t(on ? "tags-done-on" : "tags-done-off", { tag: outcome.tag.name }) });
    }
  } else if (listTeamTags(db).length === 0) {
    return ctx.answerCallbackQuery({ text: ctx.t("tags-team-empty"), show_alert: true });
  } else {
    await ctx.answerCallbackQuery();
  }
  const card = renderCard(ctx, data.chat);
  if (!card) return;
  await ctx.editMessageText(card.text, { reply_markup: tagMenu(ctx, data.chat) }).catch(ignoreNotModified);
});
