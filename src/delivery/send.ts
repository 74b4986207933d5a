import { type Api, GrammyError } from "grammy";
import type { MessageEntity, ReplyParameters } from "grammy/types";
import type { Db } from "../db/client.js";
import type { Store } from "../db/store.js";
import { latestCardIn, locateMessageIn, recordLocation } from "../rules/chats.js";
import { sealBacklog } from "../rules/backlog.js";
import { sealFold } from "../rules/folds.js";
import { forgetFeed, moveFeed } from "../rules/notifications.js";
import type { OutboxPayload, OutboxRow } from "../rules/outbox.js";
import { recordSignature, signatureOf } from "../rules/reply-edits.js";
import { CAPTION_LIMIT, fitEntities, fitText, TEXT_LIMIT, withSignature } from "../text-limits.js";
import { renderBacklog, renderCard, renderFold } from "../views/cards.js";
import { renderEvent } from "../views/events.js";
import type { Words } from "../views/words.js";
import { compact } from "../optional.js";
import type { Lane, Recorder } from "./sends.js";
import { sendClientPrompt } from "./client-prompts.js";
import { isBusinessAddress } from "../rules/business-chats.js";
import { resendToOperator, sendToBusinessChat } from "./business-send.js";

export type { Lane, Recorder } from "./sends.js";

const CAPTIONED = new Set(["photo", "video", "document", "audio", "voice", "animation"]);

/**
 * Performs one outbox row against the Bot API, its words in the reader's language (`t`), drawn now from the
 * row's facts, into `lane` (a topic, in the threaded inbox). Throws what Telegram threw; the worker classifies it.
 */
export async function sendRow(api: Api, db: Db, row: OutboxRow, t: Words, lane: Lane = {}): Promise<Recorder> {
  const dest = row.destinationChatId;
  const p = row.payload;
  // A business account's chat takes no copies: answers go out by kind, as the account (business-send.ts).
  if (isBusinessAddress(dest)) return sendToBusinessChat(api, db, row);
  switch (p.type) {
    case "business_read":
      return () => {};
    case "card":
      return sendCard(api, db, dest, p.chatId, p.silent, t, typeof p.headline === "object" ? renderEvent(p.headline, t) : p.headline, lane);
    case "fold": {
      const view = renderFold(db, p.chatId, sealFold(db, row.id), dest, t);
      if (!view) return () => {};
      const sent = await api.sendMessage(
        dest,
        view.text,
        compact({ ...lane, reply_markup: view.reply_markup, disable_notification: p.silent }),
      );
      return (tx) => {
        // A reply to the notice answers the client, as a reply to their card does.
        recordLocation(tx, { telegramChatId: dest, telegramMessageId: sent.message_id }, p.chatId, null, "notice");
      };
    }
    case "backlog": {
      // The worker reads the row afresh at each attempt: a notice sealed by an earlier one carries its counts.
      const { messages, chats } = p.sealed ? p : sealBacklog(db, row.id);
      // Cannot be 0 (the message that opened it is counted) unless its rows were lost: nothing to say then.
      if (messages === 0) return () => {};
      const view = renderBacklog(messages, chats, t);
      await api.sendMessage(dest, view.text, compact({ ...lane, reply_markup: view.reply_markup, disable_notification: p.silent }));
      // About no one chat: whatever comes next is preceded by its chat's card.
      return (tx) => forgetFeed(tx, dest);
    }
    case "refresh_card": {
      const at = latestCardIn(db, p.chatId, dest);
      const card = at === undefined ? undefined : renderCard(db, p.chatId, dest, t);
      if (at === undefined || !card) return () => {};
      await ignoring(/message is not modified|message to edit not found/, () =>
        api.editMessageText(dest, at, card.text, compact({ reply_markup: card.reply_markup, link_preview_options: { is_disabled: true } })),
      );
      return () => {};
    }
    case "notice":
      return sendNotice(api, db, row, p, t, lane);
    case "client_prompt":
      return sendClientPrompt(api, db, dest, p.prompt, t);
    case "copy":
      return p.content ? resendToOperator(api, db, row, p, lane) : sendCopy(api, db, row, p, lane);
    case "edit": {
      const at = locateMessageIn(db, p.messageId, dest);
      // The copy never arrived (its send failed): there is nothing to edit, and the author was told then.
      if (at === undefined) return () => {};
      // Read at send time: the copy went out before this edit (one queue per chat), so its signature is known.
      const name = signatureOf(db, p.messageId);
      const limit = p.caption ? CAPTION_LIMIT : TEXT_LIMIT;
      const text = name === undefined ? fitText(p.text, limit) : withSignature(p.text, name, limit);
      const entities = fitEntities(p.entities as MessageEntity[] | undefined, bodyLength(text, name));
      await ignoring(/message is not modified/, () =>
        p.caption
          ? api.editMessageCaption(dest, at, compact({ caption: text, caption_entities: entities }))
          : api.editMessageText(dest, at, text, compact({ entities })),
      );
      return () => {};
    }
  }
}

/**
 * Sends a chat's card to an operator, drawn as the chat is now. The operator's feed moves to the chat with the
 * record, so the rows about it that follow need no card of their own.
 */
export async function sendCard(
  api: Api,
  db: Db,
  dest: number,
  chatId: number,
  silent: boolean,
  t: Words,
  headline?: string,
  lane: Lane = {},
): Promise<Recorder> {
  const card = renderCard(db, chatId, dest, t);
  if (!card) return (tx) => moveFeed(tx, dest, chatId);
  const sent = await api.sendMessage(
    dest,
    headline ? `${headline}\n\n${card.text}` : card.text,
    compact({
      ...lane,
      reply_markup: card.reply_markup,
      disable_notification: silent,
      link_preview_options: { is_disabled: true },
    }),
  );
  return (tx) => {
    recordLocation(tx, { telegramChatId: dest, telegramMessageId: sent.message_id }, chatId, null, "card");
    moveFeed(tx, dest, chatId);
  };
}

function replyTo(db: Store, messageId: number | undefined, dest: number): ReplyParameters | undefined {
  if (messageId === undefined) return undefined;
  const at = locateMessageIn(db, messageId, dest);
  return at === undefined ? undefined : { message_id: at, allow_sending_without_reply: true };
}

async function sendNotice(
  api: Api,
  db: Db,
  row: OutboxRow,
  p: Extract<OutboxPayload, { type: "notice" }>,
  t: Words,
  lane: Lane,
): Promise<Recorder> {
  const dest = row.destinationChatId;
  // A notice can quote a client's text; past Telegram's limit it is cut, with the full text kept in history.
  // Rows queued before events existed carry their words: they are sent as they are.
  const text = fitText(p.event ? renderEvent(p.event, t) : (p.text ?? ""), TEXT_LIMIT);
  const sent = await api.sendMessage(
    dest,
    text,
    compact({
      ...lane,
      disable_notification: p.silent,
      reply_parameters: replyTo(db, p.replyToMessageId, dest),
      link_preview_options: { is_disabled: true },
    }),
  );
  return (tx) => {
    if (row.chatId !== null)
      recordLocation(tx, { telegramChatId: dest, telegramMessageId: sent.message_id }, row.chatId, row.messageId, "notice");
  };
}

async function sendCopy(api: Api, db: Db, row: OutboxRow, p: Extract<OutboxPayload, { type: "copy" }>, lane: Lane): Promise<Recorder> {
  const dest = row.destinationChatId;
  const common = { ...lane, disable_notification: p.silent };
  let ids: number[];
  let signedAs: string | undefined;
  if (p.forward) {
    ids =
      p.sourceMessageIds.length > 1
        ? (await api.forwardMessages(dest, p.fromChatId, p.sourceMessageIds, common)).map((m) => m.message_id)
        : [(await api.forwardMessage(dest, p.fromChatId, p.sourceMessageIds[0]!, common)).message_id];
  } else if (p.sourceMessageIds.length > 1) {
    // copyMessages keeps an album together; it takes no reply parameters.
    ids = (await api.copyMessages(dest, p.fromChatId, p.sourceMessageIds, common)).map((m) => m.message_id);
  } else {
    const reply_parameters = replyTo(db, p.replyToMessageId, dest);
    // A signature or a saved reply's filled-in placeholders change the words: text goes anew, media get a caption.
    const sig = p.signature;
    const words = sig ?? (p.replacement && { ...p.replacement, name: undefined });
    if (words?.kind === "text" && words.text !== undefined) {
      const text = words.name === undefined ? fitText(words.text, TEXT_LIMIT) : withSignature(words.text, words.name, TEXT_LIMIT);
      const sent = await api.sendMessage(
        dest,
        text,
        compact({
          ...common,
          reply_parameters,
          entities: fitEntities(words.entities as MessageEntity[] | undefined, bodyLength(text, words.name)),
        }),
      );
      ids = [sent.message_id];
      signedAs = words.name;
    } else {
      const rewritten = words && CAPTIONED.has(words.kind);
      const caption = rewritten
        ? words.name === undefined
          ? fitText(words.text ?? "", CAPTION_LIMIT)
          : withSignature(words.text ?? "", words.name, CAPTION_LIMIT)
        : undefined;
      const sent = await api.copyMessage(
        dest,
        p.fromChatId,
        p.sourceMessageIds[0]!,
        compact({
          ...common,
          reply_parameters,
          ...(rewritten
            ? { caption, caption_entities: fitEntities(words.entities as MessageEntity[] | undefined, bodyLength(caption!, words.name)) }
            : {}),
        }),
      );
      ids = [sent.message_id];
      if (rewritten) signedAs = words.name;
    }
  }
  return (tx) => {
    ids.forEach((id, i) => {
      const messageId = p.messageIds[i] ?? p.messageIds[p.messageIds.length - 1]!;
      if (row.chatId !== null) recordLocation(tx, { telegramChatId: dest, telegramMessageId: id }, row.chatId, messageId, "copy");
    });
    if (signedAs !== undefined) recordSignature(tx, p.messageIds[0]!, signedAs);
  };
}

/** How much of a signed text is the author's own (formatting applies there only, never to the name). */
function bodyLength(text: string, name: string | undefined): number {
  return name === undefined ? text.length : Math.max(0, text.length - `\n\n— ${name}`.length);
}

export async function ignoring(pattern: RegExp, call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (err) {
    if (err instanceof GrammyError && err.error_code === 400 && pattern.test(err.description)) return;
    throw err;
  }
}
