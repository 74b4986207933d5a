import { Composer, InlineKeyboard, InputFile } from "grammy";
import { getChat, recordLocation, resolveLocation, type Chat } from "../../rules/chats.js";
import { assignToGroup, listGroups, openChatCounts } from "../../rules/groups.js";
import { chatHistory, messageCount } from "../../rules/history.js";
import { algorithmName } from "../../views/groups.js";
import { historyLine, transcriptText } from "../../views/history.js";
import type { T } from "../../views/words.js";
import { listActiveOperators } from "../../rules/people.js";
import { isAvailable } from "../../rules/availability.js";
import {
  assign,
  claim,
  closeChat,
  mayReassign,
  type Outcome,
  type Refusal,
  reopenChat,
  setResponsibleEnabled,
} from "../../rules/responsibles.js";
import { rescueChat } from "../../rules/watchdog.js";
import { fitText, TEXT_LIMIT } from "../../text-limits.js";
import { type CallbackData, decode, encode, matcher } from "../../callback-codec.js";
import type { BotContext } from "../context.js";
import { ignoreNotModified } from "../edits.js";
import { renderCard } from "./chat-card.js";
import { logRefusal, operatorOnly } from "./guards.js";
import { openInTopic } from "./chat-list.js";
import { compact } from "../../optional.js";

/** The chat card's buttons: claim, assign, close, reopen, switch the responsible off or on, history. */
export const cardActions = new Composer<BotContext>();

const PAGE_SIZE = 8;

export function refusalText(ctx: BotContext, outcome: Extract<Outcome, { ok: false }>): string {
  const keys: Record<Refusal, string> = {
    not_found: "card-refusal-not-found",
    not_operator: "guard-not-operator",
    group_chat: "card-refusal-group-chat",
    responsible_off: "card-refusal-responsible-off",
    taken: outcome.responsible ? "card-refusal-taken-by" : "card-refusal-taken",
    not_allowed: "card-refusal-not-allowed",
    target_inactive: "card-refusal-target-inactive",
    unchanged: "nothing-to-change",
    already_closed: "card-refusal-already-closed",
    already_open: "card-refusal-already-open",
    stale: "card-refusal-stale",
  };
  return ctx.t(keys[outcome.reason], { name: outcome.responsible?.name ?? "" });
}

/** Shows a chat's card as a new message (from the chat list); replying to it answers the client, as usual. */
async function sendCardMessage(ctx: BotContext, chatId: number): Promise<void> {
  const card = renderCard(ctx, chatId);
  if (!card) return;
  const sent = await ctx.reply(card.text, compact({ reply_markup: card.reply_markup }));
  recordLocation(ctx.deps.db, { telegramChatId: ctx.from!.id, telegramMessageId: sent.message_id }, chatId, null, "card");
}

/** Redraws the pressed card from the chat's current state. */
async function redrawCard(ctx: BotContext, chatId: number): Promise<void> {
  const card = renderCard(ctx, chatId);
  if (!card) return;
  await ctx.editMessageText(card.text, compact({ reply_markup: card.reply_markup })).catch(ignoreNotModified);
  standsFor(ctx, chatId);
}

/**
 * The pressed message now shows the chat's card: when it stood for no chat before (the list a typed /close or
 * /assign offers), a reply to it answers the client from now on, as a reply to any card does.
 */
function standsFor(ctx: BotContext, chatId: number): void {
  const pressed = ctx.callbackQuery?.message?.message_id;
  if (pressed === undefined || resolveLocation(ctx.deps.db, ctx.from!.id, pressed)?.chatId === chatId) return;
  recordLocation(ctx.deps.db, { telegramChatId: ctx.from!.id, telegramMessageId: pressed }, chatId, null, "card");
}

/**
 * A card drawn before the chat changed must not act on the old state: it is redrawn instead and the
 * operator decides again.
 */
async function staleGuard(ctx: BotContext, data: CallbackData & { chat: number }): Promise<Chat | undefined> {
  const chat = getChat(ctx.deps.db, data.chat);
  if (!chat) {
    logRefusal(ctx, "chat_gone");
    await ctx.answerCallbackQuery({ text: ctx.t("card-chat-gone") });
    return undefined;
  }
  // A claim is safe on any card: it only ever takes a chat nobody holds, and a loser should hear who won.
  if ("v" in data && data.v !== chat.version && data.action !== "claim") {
    logRefusal(ctx, "stale");
    await ctx.answerCallbackQuery({ text: ctx.t("card-stale-redrawn") });
    await redrawCard(ctx, chat.id);
    return undefined;
  }
  return chat;
}

/** `success` is a key of the answer shown when the rule agreed. */
async function finish(ctx: BotContext, chatId: number, outcome: Outcome, success: string): Promise<void> {
  ctx.deps.kickDelivery();
  if (!outcome.ok) logRefusal(ctx, outcome.reason);
  await ctx.answerCallbackQuery(
    outcome.ok ? { text: ctx.t(success) } : { text: refusalText(ctx, outcome), show_alert: outcome.reason !== "taken" },
  );
  await redrawCard(ctx, chatId);
}

const actions = matcher(
  "rescue",
  "claim",
  "assignMenu",
  "assignTo",
  "assignGroup",
  "unassign",
  "close",
  "reopen",
  "responsibleOff",
  "responsibleOn",
  "card",
  "history",
  "transcript",
  "openChat",
);

cardActions.callbackQuery(actions, operatorOnly, async (ctx) => {
  const data = decode(ctx.callbackQuery.data);
  if (!data || !("chat" in data)) return ctx.answerCallbackQuery();
  const chat = await staleGuard(ctx, data);
  if (!chat) return;
  const { db, clock } = ctx.deps;
  const me = ctx.from.id;
  switch (data.action) {
    case "claim":
      return finish(ctx, chat.id, claim(db, chat.id, me, clock), "card-done-claim");
    case "rescue": {
      const outcome = rescueChat(db, chat.id, me, clock);
      if (!outcome.ok && outcome.reason === "unchanged") {
        await ctx.answerCallbackQuery({ text: ctx.t("card-rescue-answered") });
        return redrawCard(ctx, chat.id);
      }
      return finish(ctx, chat.id, outcome, "card-done-rescue");
    }
    case "unassign":
      return finish(
        ctx,
        chat.id,
        assign(db, chat.id, null, { operatorId: me }, clock, { responsibleId: chat.responsibleId }),
        "card-done-unassign",
      );
    case "assignTo":
      return finish(
        ctx,
        chat.id,
        assign(db, chat.id, data.op, { operatorId: me }, clock, { responsibleId: chat.responsibleId }),
        "card-done-assign",
      );
    case "assignGroup":
      return finish(ctx, chat.id, assignToGroup(db, chat.id, data.group, { operatorId: me }, clock, ctx.deps.random), "card-done-group");
    case "close":
      return finish(ctx, chat.id, closeChat(db, chat.id, me, clock), "card-done-close");
    case "reopen":
      return finish(ctx, chat.id, reopenChat(db, chat.id, me, clock), "card-done-reopen");
    case "responsibleOff":
      return finish(ctx, chat.id, setResponsibleEnabled(db, chat.id, false, me, clock), "card-done-responsible-off");
    case "responsibleOn":
      return finish(ctx, chat.id, setResponsibleEnabled(db, chat.id, true, me, clock), "card-done-responsible-on");
    case "card":
      await ctx.answerCallbackQuery();
      return redrawCard(ctx, chat.id);
    case "assignMenu": {
      if (chat.kind !== "private") return finish(ctx, chat.id, { ok: false, reason: "group_chat" }, "");
      if (!mayReassign(ctx.operator!, chat)) return finish(ctx, chat.id, { ok: false, reason: "not_allowed" }, "");
      await ctx.answerCallbackQuery();
      return showAssignMenu(ctx, chat, data.page);
    }
    case "history":
      await ctx.answerCallbackQuery();
      return sendHistory(ctx, chat, data.page);
    case "transcript":
      await ctx.answerCallbackQuery();
      return sendTranscript(ctx, chat);
    case "openChat":
      if (await openInTopic(ctx, chat.id)) return;
      await ctx.answerCallbackQuery();
      return sendCardMessage(ctx, chat.id);
  }
});

/**
 * The assign menu on the pressed message. Pressed on a message that stands for no chat yet (the list a typed
 * /assign offers), the message becomes the chat's card first, so its words and a reply to it work as a card's.
 */
async function showAssignMenu(ctx: BotContext, chat: Chat, page: number): Promise<void> {
  const reply_markup = assignKeyboard(ctx, chat, page);
  const pressed = ctx.callbackQuery?.message?.message_id;
  const card = renderCard(ctx, chat.id);
  if (pressed === undefined || !card || resolveLocation(ctx.deps.db, ctx.from!.id, pressed)?.chatId === chat.id) {
    await ctx.editMessageReplyMarkup({ reply_markup }).catch(ignoreNotModified);
    return;
  }
  await ctx.editMessageText(card.text, { reply_markup }).catch(ignoreNotModified);
  standsFor(ctx, chat.id);
}

/** Operators (online first, with their open chats) and groups, a page at a time. */
export function assignKeyboard(ctx: BotContext, chat: Chat, page: number): InlineKeyboard {
  const { db, clock } = ctx.deps;
  const now = clock();
  const operators = listActiveOperators(db).sort((a, b) => Number(isAvailable(b, now)) - Number(isAvailable(a, now)));
  const counts = openChatCounts(
    db,
    operators.map((o) => o.id),
  );
  const at = { chat: chat.id, v: chat.version };
  const entries: Array<[string, string]> = [
    ...operators.map((op): [string, string] => [
      `${isAvailable(op, now) ? "🟢" : "⚪"} ${ctx.t("card-assign-operator", { name: op.name, n: counts.get(op.id) ?? 0 })}${op.id === chat.responsibleId ? " ✓" : ""}`,
      encode({ action: "assignTo", ...at, op: op.id }),
    ]),
    ...listGroups(db).map((g): [string, string] => [
      `👥 ${g.name} (${algorithmName(ctx.t.bind(ctx), g.algorithm)})`,
      encode({ action: "assignGroup", ...at, group: g.id }),
    ]),
  ];
  const pages = Math.max(1, Math.ceil(entries.length / PAGE_SIZE));
  const current = Math.min(Math.max(0, page), pages - 1);
  const k = new InlineKeyboard();
  for (const [label, data] of entries.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE)) k.text(label, data).row();
  if (pages > 1) {
    if (current > 0) k.text("◀️", encode({ action: "assignMenu", ...at, page: current - 1 }));
    k.text(`${current + 1}/${pages}`, encode({ action: "assignMenu", ...at, page: current }));
    if (current < pages - 1) k.text("▶️", encode({ action: "assignMenu", ...at, page: current + 1 }));
    k.row();
  }
  if (chat.responsibleId !== null) k.text(ctx.t("card-unassign"), encode({ action: "unassign", ...at }));
  k.text(ctx.t("button-back"), encode({ action: "card", chat: chat.id }));
  return k;
}

const HISTORY_PAGE = 15;

export async function sendHistory(ctx: BotContext, chat: Chat, page: number): Promise<void> {
  const { messages, hasOlder } = chatHistory(ctx.deps.db, chat.id, page, HISTORY_PAGE);
  if (messages.length === 0) {
    await ctx.reply(ctx.t("history-empty", { id: String(chat.id), title: chat.title }));
    return;
  }
  const t: T = (key, vars) => ctx.t(key, vars);
  const lines = messages.map((m) => fitText(historyLine(t, m), 320));
  const title =
    page > 0
      ? t("history-title-page", { id: String(chat.id), title: chat.title, page: String(page + 1) })
      : t("history-title", { id: String(chat.id), title: chat.title });
  const text = `${title}\n\n${lines.join("\n")}`;
  const keyboard = new InlineKeyboard();
  if (hasOlder) keyboard.text(t("history-older"), encode({ action: "history", chat: chat.id, page: page + 1 }));
  keyboard.text(t("history-transcript-button"), encode({ action: "transcript", chat: chat.id }));
  await ctx.reply(fitText(text, TEXT_LIMIT), { reply_markup: keyboard });
}

async function sendTranscript(ctx: BotContext, chat: Chat): Promise<void> {
  // One read: a message arriving between counting and reading must not push the oldest one out of the file.
  const { db } = ctx.deps;
  const { messages } = db.transaction(() => chatHistory(db, chat.id, 0, Math.max(1, messageCount(db, chat.id))));
  const text = transcriptText((key, vars) => ctx.t(key, vars), messages);
  await ctx.replyWithDocument(new InputFile(Buffer.from(text, "utf8"), `chat-${chat.id}.txt`), {
    caption: ctx.t("history-transcript-caption", { id: String(chat.id), title: chat.title }),
  });
}
