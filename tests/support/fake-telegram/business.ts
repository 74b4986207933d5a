import type { Chat, Message, User } from "grammy/types";
import { compact } from "../../../src/optional.js";
import { ApiError, type MethodContext } from "./methods.js";
import { type Content, contentFields, type Stored, type World } from "./world.js";

/**
 * Telegram Business in the fake (Bot API 7.2+, checked against the documentation where it speaks):
 * - a business account connects the bot (`business_connection` with `rights`, `is_enabled`);
 * - clients' messages to the account, and the owner's own, arrive as `business_message` (with
 *   `business_connection_id`), edits as `edited_business_message`, deletions as `deleted_business_messages`;
 * - the send and edit methods take `business_connection_id` and then act in the account's chat with the client
 *   (a chat apart from the bot's own chat with that person, with its own message ids); what the bot sent there
 *   carries `sender_business_bot`; `readBusinessMessage` needs `can_read_messages`;
 * - refusals: an unknown connection is "Bad Request: business connection not found" (telegram-facts.md). The
 *   documentation gives no text for the rest; assumed from the MTProto errors behind them: a disabled connection
 *   "Bad Request: BUSINESS_CONNECTION_INVALID", no `can_reply` "Forbidden: BOT_ACCESS_FORBIDDEN", more than 24
 *   hours after the client's last message "Bad Request: BUSINESS_PEER_USAGE_MISSING", reading without the right
 *   "Bad Request: not enough rights to read business messages".
 * `copyMessage` and `forwardMessage` have no such parameter, so nothing changes there.
 */
export interface Connection {
  id: string;
  user: User;
  userChatId: number;
  rights: { can_reply: boolean; can_read_messages: boolean };
  isEnabled: boolean;
  date: number;
}

interface AccountChat {
  chat: Chat.PrivateChat;
  messages: Map<number, Stored>;
  nextId: number;
  /** When the client last wrote (ms): the bot may answer for 24 hours after it. */
  lastClientAt: number;
  /** The newest message marked read on the account's behalf. */
  readUpTo: number;
}

const WINDOW_MS = 24 * 60 * 60 * 1000;
const bad = (description: string) => new ApiError(400, `Bad Request: ${description}`);
let counter = 0;

export class Business {
  readonly connections = new Map<string, Connection>();
  private readonly chats = new Map<string, AccountChat>();

  constructor(private readonly world: World) {}

  private key(accountId: number, clientId: number): string {
    return `${accountId}:${clientId}`;
  }

  private chatOf(accountId: number, client: User): AccountChat {
    const key = this.key(accountId, client.id);
    let entry = this.chats.get(key);
    if (!entry) {
      const chat = compact({ id: client.id, type: "private" as const, first_name: client.first_name, username: client.username });
      entry = { chat: chat as Chat.PrivateChat, messages: new Map(), nextId: 1, lastClientAt: 0, readUpTo: 0 };
      this.chats.set(key, entry);
    }
    return entry;
  }

  // ---- What the account's owner and clients do ---------------------------------------------------------

  /** The account's owner connects the bot (Settings → Business → Chatbots); returns the connection's id. */
  connect(owner: User, opts: { canReply?: boolean; canRead?: boolean; enabled?: boolean } = {}): string {
    const c: Connection = {
      id: `bc-${++counter}-${owner.id}`,
      user: owner,
      userChatId: owner.id,
      rights: { can_reply: opts.canReply ?? true, can_read_messages: opts.canRead ?? true },
      isEnabled: opts.enabled ?? true,
      date: Math.floor(Date.now() / 1000),
    };
    this.connections.set(c.id, c);
    this.pushConnection(c);
    return c.id;
  }

  /** The owner changes the bot's rights or disables it; Telegram sends the connection again. */
  change(connectionId: string, opts: { canReply?: boolean; canRead?: boolean; enabled?: boolean }): void {
    const c = this.connections.get(connectionId)!;
    if (opts.canReply !== undefined) c.rights.can_reply = opts.canReply;
    if (opts.canRead !== undefined) c.rights.can_read_messages = opts.canRead;
    if (opts.enabled !== undefined) c.isEnabled = opts.enabled;
    this.pushConnection(c);
  }

  private pushConnection(c: Connection): void {
    this.world.push({
      business_connection: {
        id: c.id,
        user: c.user,
        user_chat_id: c.userChatId,
        date: c.date,
        rights: { ...c.rights },
        is_enabled: c.isEnabled,
      },
    } as never);
  }

  /** A client writes to the business account. */
  clientSends(connectionId: string, client: User, content: Content, opts: { replyTo?: number; mediaGroupId?: string } = {}): Message {
    const c = this.connections.get(connectionId)!;
    const entry = this.chatOf(c.user.id, client);
    entry.lastClientAt = Date.now();
    return this.deliver(c, entry, client, content, opts);
  }

  /** The account's owner writes to a client from their own app. */
  ownerSends(connectionId: string, client: User, content: Content, opts: { replyTo?: number } = {}): Message {
    const c = this.connections.get(connectionId)!;
    return this.deliver(c, this.chatOf(c.user.id, client), c.user, content, opts);
  }

  private deliver(c: Connection, entry: AccountChat, from: User, content: Content, opts: { replyTo?: number; mediaGroupId?: string }) {
    const fields: Partial<Message> = { ...contentFields(content) };
    if (opts.replyTo !== undefined) fields.reply_to_message = entry.messages.get(opts.replyTo)?.message as never;
    if (opts.mediaGroupId) fields.media_group_id = opts.mediaGroupId;
    const message = this.store(entry, fields, from, c.id);
    this.world.push({ business_message: message } as never);
    return message;
  }

  /** The client edits one of their messages in the account's chat. */
  clientEdits(connectionId: string, client: User, messageId: number, text: string): void {
    const c = this.connections.get(connectionId)!;
    const stored = this.chatOf(c.user.id, client).messages.get(messageId)!;
    const key = stored.message.text !== undefined ? "text" : "caption";
    stored.message = { ...stored.message, [key]: text, edit_date: Math.floor(Date.now() / 1000) } as Message;
    this.world.push({ edited_business_message: stored.message } as never);
  }

  /** Messages are deleted in the account's chat (by the client or the owner). */
  deletes(connectionId: string, client: User, messageIds: number[]): void {
    const c = this.connections.get(connectionId)!;
    const entry = this.chatOf(c.user.id, client);
    for (const id of messageIds) entry.messages.delete(id);
    this.world.push({ deleted_business_messages: { business_connection_id: c.id, chat: entry.chat, message_ids: messageIds } } as never);
  }

  /** Moves the client's last message `ms` into the past (24 hours cannot be waited out in a test). */
  age(connectionId: string, client: User, ms: number): void {
    const c = this.connections.get(connectionId)!;
    this.chatOf(c.user.id, client).lastClientAt -= ms;
  }

  // ---- What the account's chats show ------------------------------------------------------------------

  messages(connectionId: string, client: User): Stored[] {
    const c = this.connections.get(connectionId)!;
    return [...this.chatOf(c.user.id, client).messages.values()];
  }

  /** What the bot sent as the account into its chat with the client. */
  sentByBot(connectionId: string, client: User): Stored[] {
    return this.messages(connectionId, client).filter((s) => s.message.sender_business_bot?.id === this.world.bot.id);
  }

  readUpTo(connectionId: string, client: User): number {
    const c = this.connections.get(connectionId)!;
    return this.chatOf(c.user.id, client).readUpTo;
  }

  private store(entry: AccountChat, fields: Partial<Message>, from: User, connectionId: string, extra: Partial<Message> = {}): Message {
    const message = {
      message_id: entry.nextId++,
      date: Math.floor(Date.now() / 1000),
      chat: entry.chat,
      from,
      business_connection_id: connectionId,
      ...fields,
      ...extra,
    } as Message;
    entry.messages.set(message.message_id, { message, silent: false, edits: 0 });
    return message;
  }

  // ---- The Bot API's side -----------------------------------------------------------------------------

  /** The connection a send names, refused as Telegram refuses it. */
  private usable(p: Record<string, any>, need: "reply" | "read"): Connection {
    const c = this.connections.get(String(p.business_connection_id));
    if (!c) throw bad("business connection not found");
    if (!c.isEnabled) throw bad("BUSINESS_CONNECTION_INVALID");
    if (need === "reply" && !c.rights.can_reply) throw new ApiError(403, "Forbidden: BOT_ACCESS_FORBIDDEN");
    if (need === "read" && !c.rights.can_read_messages) throw bad("not enough rights to read business messages");
    return c;
  }

  private target(c: Connection, chatId: unknown): AccountChat {
    const entry = this.chats.get(this.key(c.user.id, Number(chatId)));
    if (!entry) throw bad("chat not found");
    return entry;
  }

  /** A send with business_connection_id: stored in the account's chat, as the account, marked as the bot's. */
  send(p: Record<string, any>, fields: Partial<Message>): Message {
    const c = this.usable(p, "reply");
    const entry = this.target(c, p.chat_id);
    if (Date.now() - entry.lastClientAt > WINDOW_MS) throw bad("BUSINESS_PEER_USAGE_MISSING");
    const reply = p.reply_parameters as { message_id: number; allow_sending_without_reply?: boolean } | undefined;
    const extra: Partial<Message> = { sender_business_bot: this.world.bot } as Partial<Message>;
    if (reply) {
      const quoted = entry.messages.get(Number(reply.message_id));
      if (quoted) extra.reply_to_message = quoted.message as never;
      else if (!reply.allow_sending_without_reply) throw bad("message to be replied not found");
    }
    return this.store(entry, fields, c.user, c.id, extra);
  }

  edit(p: Record<string, any>, change: (m: Message) => Partial<Message>): Message {
    const c = this.usable(p, "reply");
    const stored = this.target(c, p.chat_id).messages.get(Number(p.message_id));
    if (!stored || stored.message.sender_business_bot?.id !== this.world.bot.id) throw bad("message to edit not found");
    stored.message = { ...stored.message, ...change(stored.message) } as Message;
    stored.edits++;
    return stored.message;
  }

  read(p: Record<string, any>): true {
    const c = this.usable(p, "read");
    const entry = this.target(c, p.chat_id);
    if (!entry.messages.has(Number(p.message_id))) throw bad("message not found");
    entry.readUpTo = Math.max(entry.readUpTo, Number(p.message_id));
    return true;
  }
}

/** The business side of the world, for the methods (set by the server). */
export function businessOf(ctx: MethodContext): Business {
  return (ctx as MethodContext & { business: Business }).business;
}
