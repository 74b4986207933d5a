import { Composer, InlineKeyboard } from "grammy";
import { type CallbackData, encode } from "../../callback-codec.js";
import { compact } from "../../optional.js";
import { fitText } from "../../text-limits.js";
import { type ChatListFilter, listChats } from "../../rules/chat-list.js";
import { type Chat, getChat, recordLocation } from "../../rules/chats.js";
import { conversationOf } from "../../rules/conversation.js";
import { claim, closeChat, mayClose, mayReassign, type Outcome, reopenChat } from "../../rules/responsibles.js";
import type { BotContext } from "../context.js";
import { writtenIn } from "../written-in.js";
import { assignKeyboard, refusalText, sendHistory } from "./card-actions.js";
import { renderCard } from "./chat-card.js";
import { logRefusal, operatorOnly } from "./guards.js";

/** The card's actions as typed commands, in the order the command menu lists them. */
export const CHAT_COMMANDS = ["claim", "assign", "close", "reopen", "history"] as const;
type ChatCommand = (typeof CHAT_COMMANDS)[number];

/** Few enough to read at a glance; /chats has the rest. */
const PICK_LIMIT = 6;

/**
 * The card's actions typed: in a client's topic, or as a reply to a client's message or card, they act on that
 * chat, with the same rules, authorization and guards as the card's buttons. Elsewhere they ask which chat.
 */
export const chatCommands = new Composer<BotContext>();

chatCommands.chatType("private").command([...CHAT_COMMANDS], operatorOnly, async (ctx) => {
  const command = commandOf(ctx.msg.text ?? "");
  if (!command) return;
  const chatId = conversationOf(ctx.deps.db, ctx.from.id, writtenIn(ctx.msg));
  const chat = chatId === undefined ? undefined : getChat(ctx.deps.db, chatId);
  if (!chat) return askWhich(ctx, command);
  return actOn(ctx, command, chat);
});

function commandOf(text: string): ChatCommand | undefined {
  const name = text.slice(1).split(/[\s@]/, 1)[0]?.toLowerCase();
  return CHAT_COMMANDS.find((c) => c === name);
}

async function actOn(ctx: BotContext, command: ChatCommand, chat: Chat): Promise<void> {
  const { db, clock } = ctx.deps;
  const me = ctx.from!.id;
  switch (command) {
    case "claim":
      return answer(ctx, claim(db, chat.id, me, clock), "card-done-claim");
    case "close":
      return answer(ctx, closeChat(db, chat.id, me, clock), "card-done-close");
    case "reopen":
      return answer(ctx, reopenChat(db, chat.id, me, clock), "card-done-reopen");
    case "history":
      return sendHistory(ctx, chat, 0);
    case "assign": {
      // As the card's Assign button: refused the same way before the menu is shown; the pick itself is checked again.
      if (chat.kind !== "private") return answer(ctx, { ok: false, reason: "group_chat" }, "");
      if (!mayReassign(ctx.operator!, chat)) return answer(ctx, { ok: false, reason: "not_allowed" }, "");
      const card = renderCard(ctx, chat.id);
      if (!card) return;
      const sent = await ctx.reply(card.text, { reply_markup: assignKeyboard(ctx, chat, 0) });
      // The menu is drawn on the chat's card: a reply to it answers the client, as a reply to any card does.
      recordLocation(db, { telegramChatId: me, telegramMessageId: sent.message_id }, chat.id, null, "card");
      return;
    }
  }
}

/** What the rule said, on the operator's command (so it stays in the topic it was typed in). */
async function answer(ctx: BotContext, outcome: Outcome, success: string): Promise<void> {
  ctx.deps.kickDelivery();
  if (!outcome.ok) logRefusal(ctx, outcome.reason);
  await ctx.reply(outcome.ok ? ctx.t(success) : refusalText(ctx, outcome), {
    reply_parameters: { message_id: ctx.msg!.message_id, allow_sending_without_reply: true },
  });
}

/** The chats a command could act on for this operator, newest activity first. */
function candidates(ctx: BotContext, command: ChatCommand): Chat[] {
  const me = ctx.operator!;
  const filter: ChatListFilter =
    command === "claim"
      ? { responsible: "none", status: "open" }
      : command === "reopen"
        ? { status: "closed" }
        : { responsible: me.id, status: "open" };
  const { items } = listChats(ctx.deps.db, filter, PICK_LIMIT * 4);
  const allowed = items.filter((c) => (command === "reopen" ? mayClose(me, c) : command === "assign" ? c.kind === "private" : true));
  return allowed.slice(0, PICK_LIMIT);
}

/** The button that does the command for one chat: the card's own, so it is checked and guarded as the card's. */
function buttonData(command: ChatCommand, chat: Chat): CallbackData {
  const at = { chat: chat.id, v: chat.version };
  switch (command) {
    case "claim":
      return { action: "claim", ...at };
    case "close":
      return { action: "close", ...at };
    case "reopen":
      return { action: "reopen", ...at };
    case "assign":
      return { action: "assignMenu", ...at, page: 0 };
    case "history":
      return { action: "history", chat: chat.id, page: 0 };
  }
}

/**
 * Typed where no chat is meant (the general lane, a topic the operator made, the stream without a reply): a
 * button per chat it could act on, so one tap does it; /chats for anything further down.
 */
async function askWhich(ctx: BotContext, command: ChatCommand): Promise<void> {
  const chats = candidates(ctx, command);
  if (chats.length === 0) {
    await ctx.reply(ctx.t("chat-command-none", { command }));
    return;
  }
  const keyboard = new InlineKeyboard();
  for (const chat of chats)
    keyboard
      .text(ctx.t("chat-command-chat", { id: String(chat.id), title: fitText(chat.title, 40) }), encode(buttonData(command, chat)))
      .row();
  await ctx.reply(ctx.t("chat-command-which", { command }), compact({ reply_markup: keyboard }));
}
