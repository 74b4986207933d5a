import type { InlineKeyboardMarkup, Message, ReplyParameters } from "grammy/types";
import { checkInlineResults, type InlineQueryRecord } from "./inline.js";
import { copyContent, type World } from "./world.js";
import { businessOf } from "./business.js";
import { mediaMethods } from "./media-methods.js";

/** A Bot API error as Telegram sends it. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: { retry_after?: number },
  ) {
    super(description);
  }
}

export const bad = (description: string) => new ApiError(400, `Bad Request: ${description}`);
export type Params = Record<string, any>;

/** Width and height from a PNG's IHDR chunk; undefined for anything that is not a PNG (the only kind the console sends). */
export function pngSize(bytes: Buffer): { width: number; height: number } | undefined {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(signature) || bytes.toString("latin1", 12, 16) !== "IHDR") return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

const UNCOPYABLE = ["invoice", "giveaway", "giveaway_winners", "paid_media", "game", "story"] as const;

export interface MethodContext {
  world: World;
  answeredQueries: Set<string>;
  knownQueries: Set<string>;
  commands: Map<string, unknown>;
  webhook: { current: { url: string; secret: string | undefined } | undefined };
  /** Uploaded documents' contents, by "chatId:messageId". */
  files: Map<string, string>;
  /** Inline queries users made, by id, with the bot's answer once it came. */
  inlineQueries: Map<string, InlineQueryRecord>;
  /** Uploaded photos' bytes, by "chatId:messageId". */
  photos: Map<string, Buffer>;
}

function destination(ctx: MethodContext, chatId: unknown) {
  const id = Number(chatId);
  const chat = ctx.world.chat(id);
  if (!chat) throw bad("chat not found");
  if (ctx.world.blockedBy.has(id)) throw new ApiError(403, "Forbidden: bot was blocked by the user");
  return id;
}

function replyTarget(ctx: MethodContext, chatId: number, p: ReplyParameters | undefined): Partial<Message> {
  if (!p) return {};
  const target = ctx.world.find(chatId, Number(p.message_id));
  if (!target) {
    if (p.allow_sending_without_reply) return {};
    throw bad("message to be replied not found");
  }
  return { reply_to_message: target.message as any };
}

/**
 * Where in a private chat a message goes: `message_thread_id` names a topic, which must exist (a deleted one fails
 * as Telegram fails it); a reply inherits the topic of the message it answers.
 */
function thread(ctx: MethodContext, chatId: number, p: Params, reply: Partial<Message>): Partial<Message> {
  const entry = ctx.world.chat(chatId);
  const inherited = reply.reply_to_message?.message_thread_id;
  const requested = p.message_thread_id === undefined ? inherited : Number(p.message_thread_id);
  if (requested === undefined || entry?.chat.type !== "private") return {};
  const topic = ctx.world.topic(chatId, requested);
  if (!ctx.world.botSettings.hasTopicsEnabled || !topic || topic.deleted) throw bad("message thread not found");
  return { message_thread_id: requested, is_topic_message: true };
}

function markup(p: Params): Partial<Message> {
  return p.reply_markup ? { reply_markup: p.reply_markup as InlineKeyboardMarkup } : {};
}

function copyOne(ctx: MethodContext, p: Params, sourceId: number, dest: number, forward: boolean): Message {
  const from = Number(p.from_chat_id);
  const source = ctx.world.find(from, sourceId);
  if (!source) throw bad(forward ? "message to forward not found" : "message to copy not found");
  const original = source.message;
  if (!forward && UNCOPYABLE.some((k) => (original as any)[k] !== undefined)) throw bad("message can't be copied");
  const reply = replyTarget(ctx, dest, p.reply_parameters);
  const fields: Partial<Message> = { ...copyContent(original), ...markup(p), ...reply, ...thread(ctx, dest, p, reply) };
  if (!forward && p.caption !== undefined) fields.caption = p.caption;
  if (forward) (fields as any).forward_origin = forwardOrigin(original);
  if (p.__group) (fields as any).media_group_id = p.__group;
  return ctx.world.store(dest, fields, ctx.world.bot, Boolean(p.disable_notification));
}

/** What a forward says about its author: the first origin of a forwarded message, or the chat it was written as. */
function forwardOrigin(original: Message): unknown {
  if (original.forward_origin) return original.forward_origin;
  if (original.sender_chat) return { type: "chat", date: original.date, sender_chat: original.sender_chat };
  return { type: "user", date: original.date, sender_user: original.from };
}

function editable(ctx: MethodContext, p: Params) {
  const chatId = Number(p.chat_id);
  const stored = ctx.world.find(chatId, Number(p.message_id));
  if (!stored || stored.message.from?.id !== ctx.world.bot.id) throw bad("message to edit not found");
  return stored;
}

function notModified(): ApiError {
  return bad(
    "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
  );
}

function commandsKey(p: Params): string {
  const scope = JSON.stringify(p.scope ?? { type: "default" });
  return p.language_code ? `${scope}#${String(p.language_code)}` : scope;
}

/** A few of the custom emoji Telegram allows as topic icons (the real list is longer). */
const FORUM_ICONS = ["5312536423851630001", "5377498341074542641", "5420216386448270341", "5237699328843200968"].map((id, i) => ({
  file_id: `icon-${i}`,
  file_unique_id: `icon-u-${i}`,
  type: "custom_emoji",
  width: 512,
  height: 512,
  is_animated: false,
  is_video: false,
  emoji: ["💬", "✅", "🔴", "📌"][i],
  custom_emoji_id: id,
}));

/** A send by kind into one of the bot's own chats: reply, topic and markup as for sendMessage. */
function plainSend(ctx: MethodContext, p: Params, fields: Partial<Message>): Message {
  const dest = destination(ctx, p.chat_id);
  const reply = replyTarget(ctx, dest, p.reply_parameters);
  return ctx.world.store(
    dest,
    { ...fields, ...markup(p), ...reply, ...thread(ctx, dest, p, reply) },
    ctx.world.bot,
    Boolean(p.disable_notification),
  );
}

const BY_KIND = mediaMethods(plainSend);

/** The methods the console uses, each behaving as the Bot API documents (and as telegram-facts.md lists). */
export const METHODS: Record<string, (ctx: MethodContext, p: Params) => unknown> = {
  getMe: (ctx) => ({
    ...ctx.world.bot,
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: ctx.world.botSettings.supportsInlineQueries,
    has_topics_enabled: ctx.world.botSettings.hasTopicsEnabled,
    allows_users_to_create_topics: ctx.world.botSettings.allowsUsersToCreateTopics,
  }),
  // Topics in a private chat with a user (Bot API 9.4): only with threaded mode on for the bot.
  createForumTopic: (ctx, p) => {
    const dest = destination(ctx, p.chat_id);
    const name = String(p.name ?? "");
    if (ctx.world.chat(dest)?.chat.type === "private" && !ctx.world.botSettings.hasTopicsEnabled) throw bad("the chat is not a forum");
    if (name.length < 1 || name.length > 128) throw bad("TOPIC_NAME_INVALID");
    const color = p.icon_color === undefined ? 0x6fb9f0 : Number(p.icon_color);
    if (![0x6fb9f0, 0xffd67e, 0xcb86db, 0x8eee98, 0xff93b2, 0xfb6f5f].includes(color)) throw bad("TOPIC_ICON_COLOR_INVALID");
    const icon = p.icon_custom_emoji_id === undefined ? undefined : String(p.icon_custom_emoji_id);
    const topic = ctx.world.createTopic(dest, name, false, color, icon);
    return {
      message_thread_id: topic.threadId,
      name: topic.name,
      icon_color: topic.iconColor,
      ...(icon ? { icon_custom_emoji_id: icon } : {}),
    };
  },
  editForumTopic: (ctx, p) => {
    const dest = destination(ctx, p.chat_id);
    const topic = ctx.world.topic(dest, Number(p.message_thread_id));
    if (!topic || topic.deleted) throw bad("message thread not found");
    const name = p.name === undefined ? topic.name : String(p.name);
    if (name.length < 1 || name.length > 128) throw bad("TOPIC_NAME_INVALID");
    const icon = p.icon_custom_emoji_id === undefined ? topic.iconCustomEmojiId : String(p.icon_custom_emoji_id) || undefined;
    if (name === topic.name && icon === topic.iconCustomEmojiId) throw bad("TOPIC_NOT_MODIFIED");
    topic.name = name;
    topic.iconCustomEmojiId = icon;
    return true;
  },
  getForumTopicIconStickers: () => FORUM_ICONS,
  setWebhook: (ctx, p) => {
    ctx.webhook.current = { url: String(p.url), secret: p.secret_token === undefined ? undefined : String(p.secret_token) };
    return true;
  },
  deleteWebhook: (ctx) => {
    ctx.webhook.current = undefined;
    return true;
  },
  // A menu is kept per scope and per language_code: the key is the scope's JSON, followed by "#ru" for a language.
  setMyCommands: (ctx, p) => {
    ctx.commands.set(commandsKey(p), p.commands);
    return true;
  },
  deleteMyCommands: (ctx, p) => {
    ctx.commands.delete(commandsKey(p));
    return true;
  },
  ...BY_KIND,
  sendMessage: (ctx, p) => {
    const text = String(p.text ?? "");
    if (text.length === 0) throw bad("message text is empty");
    if (text.length > 4096) throw bad("message is too long");
    if (p.business_connection_id !== undefined) return businessOf(ctx).send(p, { text, ...(p.entities ? { entities: p.entities } : {}) });
    const dest = destination(ctx, p.chat_id);
    const reply = replyTarget(ctx, dest, p.reply_parameters);
    const fields = { text, entities: p.entities, ...markup(p), ...reply, ...thread(ctx, dest, p, reply) };
    return ctx.world.store(dest, fields, ctx.world.bot, Boolean(p.disable_notification));
  },
  copyMessage: (ctx, p) => {
    const dest = destination(ctx, p.chat_id);
    if (p.caption !== undefined && String(p.caption).length > 1024) throw bad("message caption is too long");
    return { message_id: copyOne(ctx, p, Number(p.message_id), dest, false).message_id };
  },
  copyMessages: (ctx, p) => {
    const dest = destination(ctx, p.chat_id);
    const group = `g${Date.now()}${Math.random()}`;
    return (p.message_ids as number[]).map((id) => ({ message_id: copyOne(ctx, { ...p, __group: group }, id, dest, false).message_id }));
  },
  forwardMessage: (ctx, p) => copyOne(ctx, p, Number(p.message_id), destination(ctx, p.chat_id), true),
  forwardMessages: (ctx, p) => {
    const dest = destination(ctx, p.chat_id);
    return (p.message_ids as number[]).map((id) => ({ message_id: copyOne(ctx, p, id, dest, true).message_id }));
  },
  editMessageText: (ctx, p) => {
    const text = String(p.text ?? "");
    if (text.length > 4096) throw bad("message is too long");
    if (p.business_connection_id !== undefined) {
      return businessOf(ctx).edit(p, (m) => {
        if (m.text === text) throw notModified();
        return { text, entities: p.entities };
      });
    }
    const stored = editable(ctx, p);
    const sameMarkup = JSON.stringify(stored.message.reply_markup ?? null) === JSON.stringify(p.reply_markup ?? null);
    if (stored.message.text === text && sameMarkup) throw notModified();
    stored.message = { ...stored.message, text, reply_markup: p.reply_markup } as Message;
    stored.edits++;
    return stored.message;
  },
  editMessageCaption: (ctx, p) => {
    if (p.business_connection_id !== undefined) {
      return businessOf(ctx).edit(p, (m) => {
        if (m.caption === p.caption) throw notModified();
        return { caption: p.caption };
      });
    }
    const stored = editable(ctx, p);
    if (stored.message.caption === p.caption) throw notModified();
    stored.message = { ...stored.message, caption: p.caption } as Message;
    stored.edits++;
    return stored.message;
  },
  editMessageReplyMarkup: (ctx, p) => {
    const stored = editable(ctx, p);
    if (JSON.stringify(stored.message.reply_markup ?? null) === JSON.stringify(p.reply_markup ?? null)) throw notModified();
    stored.message = { ...stored.message, reply_markup: p.reply_markup } as Message;
    stored.edits++;
    return stored.message;
  },
  answerCallbackQuery: (ctx, p) => {
    const id = String(p.callback_query_id);
    if (!ctx.knownQueries.has(id) || ctx.answeredQueries.has(id)) {
      throw bad("query is too old and response timeout expired or query ID is invalid");
    }
    if (p.text !== undefined && String(p.text).length > 200) throw bad("MESSAGE_TOO_LONG");
    ctx.answeredQueries.add(id);
    return true;
  },
  answerInlineQuery: (ctx, p) => {
    const query = ctx.inlineQueries.get(String(p.inline_query_id));
    if (!query || query.answer) throw bad("query is too old and response timeout expired or query ID is invalid");
    checkInlineResults(p.results);
    query.answer = p;
    return true;
  },
  deleteMessage: () => true,
  /**
   * An uploaded photo (file ids and URLs are not modelled). Telegram refuses what is not an image, and pictures past
   * 10 MB, with width + height over 10,000 or one side over 20 times the other; it keeps sizes up to 1280 px.
   */
  sendPhoto: (ctx, p) => {
    // A photo sent by file id (a client's photo sent again, an answer as a business account): as the other kinds.
    if (typeof p.photo === "string") return BY_KIND.sendPhoto!(ctx, p);
    const dest = destination(ctx, p.chat_id);
    const upload = p.photo as { name: string; bytes: Buffer } | undefined;
    if (!upload?.bytes) throw bad("wrong file identifier/HTTP URL specified");
    const size = pngSize(upload.bytes);
    if (!size) throw bad("IMAGE_PROCESS_FAILED");
    if (upload.bytes.length > 10 * 1024 * 1024) throw bad("PHOTO_SAVE_FILE_INVALID");
    const { width, height } = size;
    if (width + height > 10_000 || width > 20 * height || height > 20 * width) throw bad("PHOTO_INVALID_DIMENSIONS");
    if (p.caption !== undefined && String(p.caption).length > 1024) throw bad("message caption is too long");
    const scale = Math.min(1, 1280 / Math.max(width, height));
    const photo = [
      {
        file_id: `photo-${upload.name}`,
        file_unique_id: upload.name,
        width: Math.round(width * scale),
        height: Math.round(height * scale),
      },
    ];
    const fields = { photo, caption: p.caption, ...markup(p), ...thread(ctx, dest, p, {}) };
    const sent = ctx.world.store(dest, fields as Partial<Message>, ctx.world.bot, Boolean(p.disable_notification));
    ctx.photos.set(`${dest}:${sent.message_id}`, upload.bytes);
    return sent;
  },
  sendDocument: (ctx, p) => {
    // A document sent by file id (a client's file sent again): as the other kinds.
    if (typeof p.document === "string") return BY_KIND.sendDocument!(ctx, p);
    const dest = destination(ctx, p.chat_id);
    const doc = p.document as { name: string; content: string };
    const fields = {
      document: { file_id: `doc-${doc.name}`, file_unique_id: doc.name, file_name: doc.name },
      caption: p.caption,
      ...markup(p),
      ...thread(ctx, dest, p, {}),
    };
    const sent = ctx.world.store(dest, fields as Partial<Message>, ctx.world.bot, Boolean(p.disable_notification));
    ctx.files.set(`${dest}:${sent.message_id}`, doc.content);
    return sent;
  },
};
