import { type Api, GrammyError } from "grammy";
import type { InputMediaAudio, InputMediaDocument, InputMediaPhoto, InputMediaVideo, MessageEntity, ReplyParameters } from "grammy/types";
import type { Db } from "../db/client.js";
import { businessChatAt, getAccount, mayAnswerThrough } from "../rules/business-chats.js";
import { locateMessageIn, recordLocation } from "../rules/chats.js";
import type { OutboxPayload, OutboxRow } from "../rules/outbox.js";
import { recordSignature, signatureOf } from "../rules/reply-edits.js";
import { ALBUM_KINDS, type ResendContent } from "../rules/resend.js";
import { CAPTION_LIMIT, fitEntities, fitText, TEXT_LIMIT, withSignature } from "../text-limits.js";
import { compact } from "../optional.js";
import type { Lane, Recorder } from "./sends.js";

type CopyPayload = Extract<OutboxPayload, { type: "copy" }>;
type Signature = NonNullable<CopyPayload["signature"]>;
interface Common {
  business_connection_id?: string;
  disable_notification?: boolean;
  reply_parameters?: ReplyParameters;
}

/**
 * Descriptions Telegram gives when a business connection cannot be used (unknown, disabled, without the right)
 * or the client's 24 hours are over. Some come as 403, which the worker would read as "the client blocked the
 * bot"; they are failures of this one answer, so they are passed on as 400s.
 */
const BUSINESS_REFUSAL =
  /business connection|BUSINESS_CONNECTION_INVALID|BUSINESS_CONNECTION_NOT_ALLOWED|BOT_ACCESS_FORBIDDEN|BUSINESS_PEER_USAGE_MISSING|not enough rights/i;

/** A refusal decided here, shaped as Telegram's own so the worker fails the row (and tells its author) as usual. */
function refusal(description: string, method: string): GrammyError {
  return new GrammyError("refused before sending", { ok: false, error_code: 400, description }, method, {});
}

async function asBusinessFailure<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof GrammyError && err.error_code === 403 && BUSINESS_REFUSAL.test(err.description))
      throw refusal(err.description, err.method);
    throw err;
  }
}

function replyTo(db: Db, messageId: number | undefined, dest: number): ReplyParameters | undefined {
  if (messageId === undefined) return undefined;
  const at = locateMessageIn(db, messageId, dest);
  return at === undefined ? undefined : { message_id: at, allow_sending_without_reply: true };
}

/** How much of a signed text is the author's own (formatting applies there only). */
function bodyLength(text: string, name: string | undefined): number {
  return name === undefined ? text.length : Math.max(0, text.length - `\n\n— ${name}`.length);
}

function captionOf(c: { caption?: string | undefined; entities?: unknown[] | undefined }, sig: Signature | undefined) {
  const caption = sig ? withSignature(c.caption ?? "", sig.name, CAPTION_LIMIT) : c.caption;
  if (caption === undefined) return {};
  return compact({ caption, caption_entities: fitEntities(c.entities as MessageEntity[] | undefined, bodyLength(caption, sig?.name)) });
}

/** Sends one message again by kind; the signature (the team setting) goes into its text or caption. */
async function sendOne(api: Api, chatId: number, c: ResendContent, other: Common, sig: Signature | undefined): Promise<number> {
  switch (c.kind) {
    case "text": {
      const text = sig ? withSignature(c.text, sig.name, TEXT_LIMIT) : fitText(c.text, TEXT_LIMIT);
      const entities = fitEntities(c.entities as MessageEntity[] | undefined, bodyLength(text, sig?.name));
      return (await api.sendMessage(chatId, text, compact({ ...other, entities }))).message_id;
    }
    case "photo":
      return (await api.sendPhoto(chatId, c.fileId, { ...other, ...captionOf(c, sig) })).message_id;
    case "video":
      return (await api.sendVideo(chatId, c.fileId, { ...other, ...captionOf(c, sig) })).message_id;
    case "document":
      return (await api.sendDocument(chatId, c.fileId, { ...other, ...captionOf(c, sig) })).message_id;
    case "audio":
      return (await api.sendAudio(chatId, c.fileId, { ...other, ...captionOf(c, sig) })).message_id;
    case "voice":
      return (await api.sendVoice(chatId, c.fileId, { ...other, ...captionOf(c, sig) })).message_id;
    case "animation":
      return (await api.sendAnimation(chatId, c.fileId, { ...other, ...captionOf(c, sig) })).message_id;
    case "sticker":
      return (await api.sendSticker(chatId, c.fileId, other)).message_id;
    case "video_note":
      return (await api.sendVideoNote(chatId, c.fileId, other)).message_id;
    case "location":
      return (await api.sendLocation(chatId, c.latitude, c.longitude, other)).message_id;
    case "venue":
      return (await api.sendVenue(chatId, c.latitude, c.longitude, c.title, c.address, other)).message_id;
    case "contact":
      return (await api.sendContact(chatId, c.phoneNumber, c.firstName, compact({ ...other, last_name: c.lastName }))).message_id;
    case "dice":
      return (await api.sendDice(chatId, c.emoji, other)).message_id;
  }
}

type AlbumMedia = InputMediaPhoto | InputMediaVideo | InputMediaDocument | InputMediaAudio;

/**
 * Sends the parts again by kind: an album of photos, videos, documents or audio as one album (sendMediaGroup),
 * anything else one message at a time. A part that cannot be sent again fails the whole row, never silently.
 */
async function resend(api: Api, chatId: number, parts: Array<ResendContent | null>, common: Common, sig: Signature | undefined) {
  const missing = parts.indexOf(null);
  if (missing >= 0 || parts.length === 0) throw refusal("NOT_RESENDABLE", "resend");
  const content = parts as ResendContent[];
  if (content.length > 1 && content.every((c) => ALBUM_KINDS.has(c.kind))) {
    const media = content.map((c, i) => {
      const file = c as { fileId: string; caption?: string | undefined; entities?: unknown[] | undefined };
      return { type: c.kind, media: file.fileId, ...captionOf(file, i === 0 ? sig : undefined) } as AlbumMedia;
    });
    const sent = await api.sendMediaGroup(chatId, media as ReadonlyArray<InputMediaPhoto | InputMediaVideo>, common);
    return sent.map((m) => m.message_id);
  }
  const ids: number[] = [];
  for (const [i, c] of content.entries()) {
    // Only the first part quotes the message replied to, and carries the signature.
    const { reply_parameters, ...rest } = common;
    ids.push(await sendOne(api, chatId, c, i === 0 ? common : rest, i === 0 ? sig : undefined));
  }
  return ids;
}

/** A saved reply's words with the placeholders filled in (outbox `replacement`) take the place of the first part's. */
function filled(parts: Array<ResendContent | null>, replacement: CopyPayload["replacement"]): Array<ResendContent | null> {
  const [first, ...rest] = parts;
  if (!replacement || !first) return parts;
  if (first.kind === "text") return [{ ...first, text: replacement.text, entities: replacement.entities }, ...rest];
  switch (first.kind) {
    case "photo":
    case "video":
    case "document":
    case "audio":
    case "voice":
    case "animation":
      return [{ ...first, caption: replacement.text, entities: replacement.entities }, ...rest];
    default:
      return parts;
  }
}

function recorder(row: OutboxRow, p: CopyPayload, dest: number, ids: number[], signed: boolean): Recorder {
  return (tx) => {
    ids.forEach((id, i) => {
      const messageId = p.messageIds[i] ?? p.messageIds[p.messageIds.length - 1]!;
      if (row.chatId !== null) recordLocation(tx, { telegramChatId: dest, telegramMessageId: id }, row.chatId, messageId, "copy");
    });
    if (signed && p.signature) recordSignature(tx, p.messageIds[0]!, p.signature.name);
  };
}

/** A client's message from a business account's chat, sent again by kind into an operator's chat. */
export async function resendToOperator(api: Api, db: Db, row: OutboxRow, p: CopyPayload, lane: Lane): Promise<Recorder> {
  const dest = row.destinationChatId;
  const common = compact({ ...lane, disable_notification: p.silent, reply_parameters: replyTo(db, p.replyToMessageId, dest) });
  const ids = await resend(api, dest, p.content ?? [], common, undefined);
  return recorder(row, p, dest, ids, false);
}

/**
 * A row for a business account's chat (`row.destinationChatId` is its address): an operator's answer sent as the
 * account, an edit of one, or a read receipt. A connection that cannot answer refuses before Telegram is asked.
 */
export async function sendToBusinessChat(api: Api, db: Db, row: OutboxRow): Promise<Recorder> {
  const address = row.destinationChatId;
  const target = businessChatAt(db, address);
  const account = target && getAccount(db, target.accountId);
  const p = row.payload;
  if (p.type === "business_read") {
    if (!target || !account?.canRead || !mayAnswerThrough(account)) return () => {};
    await api.readBusinessMessage(account.connectionId, target.clientChatId, p.telegramMessageId);
    return () => {};
  }
  if (!target || !account || !mayAnswerThrough(account)) throw refusal("BUSINESS_CONNECTION_UNUSABLE", p.type);
  const business_connection_id = account.connectionId;
  const chatId = target.clientChatId;
  if (p.type === "copy") {
    const common = compact({ business_connection_id, reply_parameters: replyTo(db, p.replyToMessageId, address) });
    const sig = p.signature;
    const ids = await asBusinessFailure(() => resend(api, chatId, filled(p.content ?? [], p.replacement), common, sig));
    return recorder(row, p, address, ids, sig !== undefined);
  }
  if (p.type === "edit") {
    const at = locateMessageIn(db, p.messageId, address);
    if (at === undefined) return () => {};
    const name = signatureOf(db, p.messageId);
    const limit = p.caption ? CAPTION_LIMIT : TEXT_LIMIT;
    const text = name === undefined ? fitText(p.text, limit) : withSignature(p.text, name, limit);
    const entities = fitEntities(p.entities as MessageEntity[] | undefined, bodyLength(text, name));
    await asBusinessFailure(() =>
      p.caption
        ? api.editMessageCaption(chatId, at, compact({ business_connection_id, caption: text, caption_entities: entities }))
        : api.editMessageText(chatId, at, text, compact({ business_connection_id, entities })),
    ).catch((err: unknown) => {
      if (err instanceof GrammyError && /message is not modified/.test(err.description)) return;
      throw err;
    });
    return () => {};
  }
  // Cards, notices and folds go to operators, never to a client's chat.
  return () => {};
}
