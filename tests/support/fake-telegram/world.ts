import type { Chat, Message, Update, User } from "grammy/types";
import { compact } from "../../../src/optional.js";

/** A message as the fake stores it, with what Telegram would show about how it arrived. */
export interface Stored {
  message: Message;
  /** Sent by the bot with disable_notification. */
  silent: boolean;
  /** How many times the bot edited it. */
  edits: number;
}

export type Content =
  | { text: string; entities?: Message["entities"] }
  | { photo: true; caption?: string | undefined }
  | { video: true; caption?: string | undefined }
  | { document: true; caption?: string | undefined }
  | { voice: true }
  | { sticker: true }
  | { location: { latitude: number; longitude: number } }
  | { contact: { phone_number: string; first_name: string } }
  | { poll: { question: string; type?: "regular" | "quiz" } }
  | { dice: true }
  | { invoice: true };

let fileCounter = 0;
const file = () => ({ file_id: `file-${++fileCounter}`, file_unique_id: `u-${fileCounter}` });

/** Turns a short description into the fields Telegram puts on a message of that kind. */
export function contentFields(content: Content): Partial<Message> {
  if ("text" in content) {
    // Telegram marks a leading /command with a bot_command entity; grammY's command matching relies on it.
    const command = /^\/[\w@]+/.exec(content.text);
    const entities = content.entities ?? (command ? [{ type: "bot_command" as const, offset: 0, length: command[0].length }] : undefined);
    return { text: content.text, ...(entities ? { entities } : {}) };
  }
  if ("photo" in content) return compact({ photo: [{ ...file(), width: 90, height: 90 }], caption: content.caption });
  if ("video" in content) return compact({ video: { ...file(), width: 1, height: 1, duration: 1 }, caption: content.caption });
  if ("document" in content) return compact({ document: file(), caption: content.caption });
  if ("voice" in content) return { voice: { ...file(), duration: 2 } };
  if ("sticker" in content) return { sticker: { ...file(), type: "regular", width: 1, height: 1, is_animated: false, is_video: false } };
  if ("location" in content) return { location: content.location };
  if ("contact" in content) return { contact: content.contact };
  if ("poll" in content) {
    return {
      poll: {
        id: `poll-${++fileCounter}`,
        question: content.poll.question,
        options: [
          { text: "a", voter_count: 0 },
          { text: "b", voter_count: 0 },
        ],
        total_voter_count: 0,
        is_closed: false,
        is_anonymous: true,
        type: content.poll.type ?? "regular",
        allows_multiple_answers: false,
      } as NonNullable<Message["poll"]>,
    };
  }
  if ("dice" in content) return { dice: { emoji: "🎲", value: 3 } };
  return { invoice: { title: "Order", description: "d", start_parameter: "s", currency: "EUR", total_amount: 100 } };
}

/** Fields a copy carries over: the content, never the author or the reply. */
const CONTENT_KEYS = [
  "text",
  "entities",
  "photo",
  "video",
  "document",
  "voice",
  "audio",
  "sticker",
  "animation",
  "video_note",
  "location",
  "venue",
  "contact",
  "poll",
  "dice",
  "caption",
  "caption_entities",
] as const;

export function copyContent(m: Message): Partial<Message> {
  const out: Record<string, unknown> = {};
  for (const key of CONTENT_KEYS) if (m[key] !== undefined) out[key] = m[key];
  return out as Partial<Message>;
}

/**
 * The placeholder senders Telegram puts in `from` of a group message written on behalf of a chat (the real
 * author is in `sender_chat`): an anonymous admin, a member posting as a channel, and a linked channel's
 * automatic forward.
 */
export const CHAT_SENDERS = {
  anonymousAdmin: { id: 1087968824, is_bot: true, first_name: "Group", username: "GroupAnonymousBot" },
  channel: { id: 136817688, is_bot: true, first_name: "Channel", username: "Channel_Bot" },
  automaticForward: { id: 777000, is_bot: false, first_name: "Telegram" },
} as const satisfies Record<string, User>;

/** A topic of a private chat with the bot (Bot API 9.3/9.4): its id is the id of its `forum_topic_created` message. */
export interface Topic {
  threadId: number;
  name: string;
  iconColor: number;
  iconCustomEmojiId?: string | undefined;
  /** Created by the user in their app rather than by the bot. */
  byUser: boolean;
  /** The user deleted it: sends to it fail with "message thread not found". */
  deleted: boolean;
}

/** Telegram's side of the world: users, chats, each chat's messages with real ids, and the update queue. */
export class World {
  readonly bot: User = { id: 7_000_000_001, is_bot: true, first_name: "Console", username: "console_test_bot" };
  /**
   * @BotFather's settings: threaded mode (getMe.has_topics_enabled) and whether users may create and delete topics;
   * inline mode (/setinline, getMe.supports_inline_queries) and inline feedback (/setinlinefeedback), without which
   * Telegram sends no chosen_inline_result.
   */
  readonly botSettings = { hasTopicsEnabled: false, allowsUsersToCreateTopics: false, supportsInlineQueries: false, inlineFeedback: false };
  private readonly chats = new Map<number, { chat: Chat; messages: Map<number, Stored>; nextId: number }>();
  private readonly topicsOf = new Map<number, Map<number, Topic>>();
  readonly blockedBy = new Set<number>();
  private updates: Update[] = [];
  private nextUpdateId = 1000;
  private waiters: Array<() => void> = [];

  user(id: number, first_name: string, username?: string): User {
    const user: User = { id, is_bot: false, first_name, ...(username ? { username } : {}) };
    this.ensureChat({ id, type: "private", first_name, ...(username ? { username } : {}) });
    return user;
  }

  ensureChat(chat: Chat): void {
    if (!this.chats.has(chat.id)) this.chats.set(chat.id, { chat, messages: new Map(), nextId: 1 });
  }

  chat(id: number) {
    return this.chats.get(id);
  }

  store(chatId: number, fields: Partial<Message>, from: User | undefined, silent = false): Message {
    const entry = this.chats.get(chatId)!;
    const message = {
      message_id: entry.nextId++,
      date: Math.floor(Date.now() / 1000),
      chat: entry.chat,
      ...(from ? { from } : {}),
      ...fields,
    } as Message;
    entry.messages.set(message.message_id, { message, silent, edits: 0 });
    return message;
  }

  /** A new topic in a private chat, opened by its `forum_topic_created` service message (whose id is the thread id). */
  createTopic(chatId: number, name: string, byUser: boolean, iconColor = 0x6fb9f0, iconCustomEmojiId?: string): Topic {
    const from = byUser ? { id: chatId, is_bot: false, first_name: String(this.chat(chatId)?.chat.first_name ?? "") } : this.bot;
    const service = this.store(
      chatId,
      compact({
        forum_topic_created: compact({ name, icon_color: iconColor, icon_custom_emoji_id: iconCustomEmojiId }),
        is_topic_message: true,
      }) as Partial<Message>,
      from as User,
    );
    (service as any).message_thread_id = service.message_id;
    const topic: Topic = { threadId: service.message_id, name, iconColor, iconCustomEmojiId, byUser, deleted: false };
    const topics = this.topicsOf.get(chatId) ?? new Map<number, Topic>();
    this.topicsOf.set(chatId, topics);
    topics.set(topic.threadId, topic);
    return topic;
  }

  topics(chatId: number): Topic[] {
    return [...(this.topicsOf.get(chatId)?.values() ?? [])];
  }

  topic(chatId: number, threadId: number): Topic | undefined {
    return this.topicsOf.get(chatId)?.get(threadId);
  }

  /** Messages shown in one topic of a chat (the service message that opened it included). */
  topicMessages(chatId: number, threadId: number): Stored[] {
    return this.messages(chatId).filter((m) => m.message.message_thread_id === threadId);
  }

  find(chatId: number, messageId: number): Stored | undefined {
    return this.chats.get(chatId)?.messages.get(messageId);
  }

  messages(chatId: number): Stored[] {
    return [...(this.chats.get(chatId)?.messages.values() ?? [])];
  }

  push(update: Omit<Update, "update_id">): Update {
    const full = { update_id: this.nextUpdateId++, ...update } as Update;
    this.updates.push(full);
    for (const w of this.waiters.splice(0)) w();
    return full;
  }

  /** getUpdates: confirms everything below `offset`, then returns what is left (at-least-once). */
  take(offset: number | undefined, limit: number): Update[] {
    if (offset !== undefined) this.updates = this.updates.filter((u) => u.update_id >= offset);
    return this.updates.slice(0, limit);
  }

  pendingUpdates(): number {
    return this.updates.length;
  }

  waitForUpdate(ms: number, aborted: Promise<void>): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.waiters.push(done);
      void aborted.then(done);
    });
  }
}
