import { Composer } from "grammy";
import {
  isFromAccount,
  recordBusinessDeletion,
  recordBusinessEdit,
  recordBusinessMessage,
  recordConnection,
  recordOwnerMessage,
} from "../../rules/business.js";
import type { BotContext } from "../context.js";
import { describeMessage, isContent, personName } from "../message-kind.js";
import { resendableOf } from "../resend-content.js";

/**
 * Telegram Business: a business account connected to the bot brings its clients' chats into the console, each a
 * chat of its own, served like the bot's chats; answers go out as the account (delivery/business-send.ts).
 */
export const business = new Composer<BotContext>();

business.on("business_connection", (ctx) => {
  const c = ctx.businessConnection;
  recordConnection(
    ctx.deps.db,
    {
      connectionId: c.id,
      accountId: c.user.id,
      name: personName(c.user),
      username: c.user.username,
      userChatId: c.user_chat_id,
      canReply: c.rights?.can_reply ?? false,
      canRead: c.rights?.can_read_messages ?? false,
      enabled: c.is_enabled,
      date: c.date * 1000,
    },
    ctx.deps.clock,
  );
  ctx.deps.kickDelivery();
});

business.on("business_message", (ctx) => {
  const msg = ctx.businessMessage;
  const connectionId = msg.business_connection_id;
  // The bot's own answers, sent through the connection, come back marked with it: they are stored already.
  if (!connectionId || msg.sender_business_bot?.id === ctx.me.id || !isContent(msg)) return;
  const facts = describeMessage(msg);
  const common = {
    connectionId,
    clientChatId: msg.chat.id,
    telegramMessageId: msg.message_id,
    kind: facts.kind,
    text: facts.text,
    mediaGroupId: msg.media_group_id,
    replyToTelegramMessageId: msg.reply_to_message?.message_id,
  };
  const clientName = personName({ first_name: msg.chat.first_name, last_name: msg.chat.last_name });
  const outcome = isFromAccount(ctx.deps.db, connectionId, msg.from?.id)
    ? recordOwnerMessage(ctx.deps.db, { ...common, clientName, clientUsername: msg.chat.username }, ctx.deps.clock)
    : recordBusinessMessage(
        ctx.deps.db,
        (() => {
          const content = resendableOf(msg);
          return {
            ...common,
            chatTitle: clientName,
            chatUsername: msg.chat.username,
            senderUserId: msg.from?.id ?? msg.chat.id,
            senderName: msg.from ? personName(msg.from) : clientName,
            languageCode: msg.from?.language_code,
            content,
            copyable: content !== null && facts.copyable,
          };
        })(),
        ctx.deps.clock,
      );
  if (outcome.status === "ignored")
    ctx.log.info({ connection: connectionId }, "business message ignored: the account was not connected by an admin");
  else ctx.deps.kickDelivery();
});

business.on("edited_business_message", (ctx) => {
  const msg = ctx.editedBusinessMessage;
  const connectionId = msg.business_connection_id;
  // The owner's own edits from their app stay theirs: the stored answer keeps what it first said.
  if (!connectionId || isFromAccount(ctx.deps.db, connectionId, msg.from?.id)) return;
  if (recordBusinessEdit(ctx.deps.db, connectionId, msg.chat.id, msg.message_id, msg.text ?? msg.caption, ctx.deps.clock))
    ctx.deps.kickDelivery();
});

business.on("deleted_business_messages", (ctx) => {
  const d = ctx.deletedBusinessMessages;
  if (recordBusinessDeletion(ctx.deps.db, d.business_connection_id, d.chat.id, d.message_ids, ctx.deps.clock)) ctx.deps.kickDelivery();
});
