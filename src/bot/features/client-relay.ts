import { Composer } from "grammy";
import type { Chat as TgChat, Message } from "grammy/types";
import { markClientBlocked, recordClientEdit, recordClientMessage } from "../../rules/relay.js";
import type { BotContext } from "../context.js";
import { describeMessage, isContent, personName } from "../message-kind.js";

/**
 * Clients' messages: stored and queued for the operators in one transaction, then handed to delivery.
 * Private chats with anyone who is not an operator, and group chats the bot was added to.
 */
export const clientRelay = new Composer<BotContext>();

function chatTitle(chat: TgChat, msg: Message): string {
  if (chat.type === "private") return msg.from ? personName(msg.from) : String(chat.id);
  return "title" in chat && chat.title ? chat.title : String(chat.id);
}

/**
 * Who wrote a message. In a group, an anonymous admin, a member posting as a channel and the linked channel's
 * automatic forwards carry a placeholder in `from` (GroupAnonymousBot, Channel_Bot, "Telegram") and the real
 * author in `sender_chat`: the group itself or the channel, named by its title.
 */
function author(chat: TgChat, msg: Message): { id: number; name: string } | undefined {
  const as = msg.sender_chat;
  if (as) return { id: as.id, name: "title" in as && as.title ? as.title : chatTitle(chat, msg) };
  // Other bots are not clients (and Telegram only shows bots each other's messages in rare setups).
  if (msg.from?.is_bot) return undefined;
  return msg.from ? { id: msg.from.id, name: personName(msg.from) } : { id: chat.id, name: chatTitle(chat, msg) };
}

/**
 * A command typed by a client in their private chat: a message to the team (an ad's /start link, a typed
 * /report), so it skips the console's commands, which would refuse it, and goes to /start and /help and then
 * to the relay. Operators, and deactivated ones (whose commands are refused as before), are not clients.
 */
export function isClientCommand(ctx: BotContext): boolean {
  const msg = ctx.message;
  if (msg === undefined || ctx.chat?.type !== "private" || ctx.operator) return false;
  return (msg.text ?? msg.caption ?? "").startsWith("/") && !ctx.formerOperator;
}

/**
 * A message in a client's private chat, commands aside (see isClientCommand). Nobody else's features act on it:
 * operators work in their own chats, and conversations are only ever entered there. A deactivated operator is
 * not a client (the relay tells them so) and goes the long way.
 */
export function isClientMessage(ctx: BotContext): boolean {
  return ctx.message !== undefined && ctx.chat?.type === "private" && !ctx.operator && !ctx.formerOperator;
}

/** A client who opened the bot through a deep link: the link's payload, told to operators instead of "/start ...". */
export interface StartLink {
  source: string;
}

/**
 * Stores the update's message as a client's and queues it for the operators. False when the sender may not
 * write as a client: a deactivated operator, who is told so.
 */
export async function relayFromClient(ctx: BotContext, start?: StartLink): Promise<boolean> {
  const msg = ctx.message;
  const chat = ctx.chat;
  if (!msg || !chat) return false;
  // A deactivated operator is not a client either: they can do nothing here until an admin lets them back.
  if (chat.type === "private" && (ctx.operator || ctx.formerOperator)) {
    await ctx.reply(ctx.t("relay-access-removed"));
    return false;
  }
  const by = author(chat, msg);
  if (!isContent(msg) || !by) return true;
  const facts = describeMessage(msg);
  const outcome = recordClientMessage(
    ctx.deps.db,
    {
      telegramChatId: chat.id,
      chatKind: chat.type === "private" ? "private" : "group",
      chatTitle: chatTitle(chat, msg),
      chatUsername: "username" in chat ? chat.username : undefined,
      senderUserId: by.id,
      senderName: by.name,
      languageCode: chat.type === "private" ? msg.from?.language_code : undefined,
      telegramMessageId: msg.message_id,
      kind: facts.kind,
      text: facts.text,
      mediaGroupId: msg.media_group_id,
      replyToTelegramMessageId: msg.reply_to_message?.message_id,
      copyable: facts.copyable,
      startSource: start?.source,
    },
    ctx.deps.clock,
  );
  if (outcome.status === "stored") ctx.deps.kickDelivery();
  return true;
}

clientRelay.on("message", async (ctx, next) => {
  // An operator's own private chat is their console, handled by the operator features.
  if (ctx.chat.type === "private" && ctx.operator) return next();
  await relayFromClient(ctx);
});

clientRelay.on("edited_message", async (ctx, next) => {
  if (ctx.chat.type === "private" && ctx.operator) return next();
  const msg = ctx.editedMessage;
  const changed = recordClientEdit(ctx.deps.db, ctx.chat.id, msg.message_id, msg.text ?? msg.caption, ctx.deps.clock);
  if (changed) ctx.deps.kickDelivery();
});

// Telegram tells the bot when a client blocks it; operators learn it before their next reply bounces.
clientRelay.on("my_chat_member", async (ctx) => {
  const status = ctx.myChatMember.new_chat_member.status;
  if (ctx.chat.type === "private" && status === "kicked" && !ctx.operator) {
    if (markClientBlocked(ctx.deps.db, ctx.chat.id, ctx.deps.clock)) ctx.deps.kickDelivery();
  }
});
