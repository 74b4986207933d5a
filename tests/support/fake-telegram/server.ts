import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Chat, Message, User } from "grammy/types";
import { type InlineQueryRecord, inlineResultContent } from "./inline.js";
import { ApiError, METHODS, type MethodContext } from "./methods.js";
import { Business } from "./business.js";
import { CHAT_SENDERS, type Content, contentFields, type Stored, World } from "./world.js";

export interface RecordedCall {
  method: string;
  params: Record<string, any>;
  /** HTTP status the fake answered with (0: the connection was dropped). */
  status: number;
  at: number;
  /** Set on a call the rate limits refused: which limit, and the accepted sends in its second (oldest first). */
  limited?: { limit: "overall" | "chat"; window: Array<{ at: number; method: string; chatId: number }> };
}

/** A fault the next matching calls meet instead of (or besides) the normal answer. */
export interface Fault {
  method?: string | RegExp;
  chatId?: number;
  /** How many calls it applies to; Infinity for all. */
  times: number;
  /** Fraction of matching calls it applies to (default 1), for sustained random faults. */
  probability?: number;
  kind:
    | { type: "error"; code: number; description: string; retryAfter?: number }
    | { type: "drop"; when: "before" | "after" }
    /** Answer late: before acting (the request waits), or after acting (the effect is done, the answer is not). */
    | { type: "delay"; ms: number; when?: "before" | "after" };
}

/**
 * JSON bodies as grammY sends them, or multipart when a file is uploaded (files become { name, content, bytes }:
 * content as UTF-8 text for documents a test reads, bytes exactly as uploaded for pictures).
 */
function parseParams(body: Buffer, contentType: string): Record<string, any> {
  if (!contentType.startsWith("multipart/form-data")) return body.length ? JSON.parse(body.toString("utf8")) : {};
  const boundary = /boundary=("?)([^";]+)\1/.exec(contentType)?.[2];
  if (!boundary) throw new ApiError(400, "Bad Request: multipart boundary missing");
  const params: Record<string, any> = {};
  // latin1 maps each byte to one character and back, so binary parts survive the splitting unchanged.
  for (const part of body.toString("latin1").split(`--${boundary}`)) {
    const split = part.indexOf("\r\n\r\n");
    if (split < 0) continue;
    const head = Buffer.from(part.slice(0, split), "latin1").toString("utf8");
    const bytes = Buffer.from(part.slice(split + 4).replace(/\r\n$/, ""), "latin1");
    const value = bytes.toString("utf8");
    // grammY writes name="..." quoted but filename=... bare; accept both.
    const name = /[;\s]name="?([^";\r\n]+)"?/.exec(head)?.[1];
    if (!name) continue;
    const filename = /filename="?([^";\r\n]*)"?/.exec(head)?.[1];
    if (filename !== undefined) {
      params[name] = { name: filename, content: value, bytes };
      continue;
    }
    try {
      params[name] = JSON.parse(value);
    } catch {
      params[name] = value;
    }
  }
  // grammY puts the file in its own part and refers to it as attach://<part> in the field.
  for (const [key, value] of Object.entries(params)) {
    if (typeof value === "string" && value.startsWith("attach://")) params[key] = params[value.slice("attach://".length)];
  }
  return params;
}

export const TOKEN = "123456789:AAFakeTokenForTestsOnly_abcdefghijkl";

/**
 * A fake Telegram Bot API on 127.0.0.1: real HTTP, real message ids per chat, getUpdates with offset and
 * long-poll timeout, every call recorded, faults injectable. Tests talk to it as users would.
 */
export class FakeTelegram {
  readonly world = new World();
  /** Telegram Business: connected accounts, their chats with clients (see business.ts). */
  readonly business = new Business(this.world);
  readonly calls: RecordedCall[] = [];
  readonly commands = new Map<string, unknown>();
  private readonly faults: Fault[] = [];
  readonly files = new Map<string, string>();
  /** Uploaded photos' bytes, by "chatId:messageId". */
  readonly photos = new Map<string, Buffer>();
  readonly webhook: MethodContext["webhook"] = { current: undefined };
  private readonly ctx: MethodContext & { business: Business } = {
    world: this.world,
    business: this.business,
    answeredQueries: new Set(),
    knownQueries: new Set(),
    commands: this.commands,
    files: this.files,
    photos: this.photos,
    webhook: this.webhook,
    inlineQueries: new Map(),
  };
  private server: Server | undefined;
  private queryCounter = 0;
  private endWaitingPoll: (() => void) | undefined;
  /** Limits the fake enforces with 429s, like Telegram (off unless a test or the benchmark sets them). */
  rateLimit: { perSecond: number; perChatPerSecond: number } | undefined;
  /** Sends counted in the last second, oldest first: when, which method, which chat (to explain a 429). */
  private readonly sentAt: Array<{ at: number; method: string; chatId: number }> = [];
  private readonly sentAtPerChat = new Map<number, number[]>();
  apiRoot = "";

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.apiRoot = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  fault(fault: Fault): void {
    this.faults.push(fault);
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? "");
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (!match || match[1] !== TOKEN) return this.reply(res, 404, { ok: false, error_code: 404, description: "Not Found" });
    const method = match[2]!;
    const body = Buffer.concat(chunks);
    let params: Record<string, any>;
    try {
      params = parseParams(body, req.headers["content-type"] ?? "");
    } catch (err) {
      const description = err instanceof ApiError ? err.description : "Bad Request: can't parse request body";
      return this.reply(res, 400, { ok: false, error_code: 400, description });
    }
    const call: RecordedCall = { method, params, status: 200, at: Date.now() };
    this.calls.push(call);

    const fault = this.takeFault(method, params);
    const delay = fault?.kind.type === "delay" ? fault.kind : undefined;
    if (delay && delay.when !== "after") await new Promise((r) => setTimeout(r, delay.ms));
    if (fault?.kind.type === "drop" && fault.kind.when === "before") {
      call.status = 0;
      req.socket.destroy();
      return;
    }
    if (fault?.kind.type === "error") {
      call.status = fault.kind.code;
      const parameters = fault.kind.retryAfter !== undefined ? { retry_after: fault.kind.retryAfter } : undefined;
      return this.reply(res, fault.kind.code, { ok: false, error_code: fault.kind.code, description: fault.kind.description, parameters });
    }
    const limited = this.overLimit(method, params);
    if (limited) {
      call.status = 429;
      call.limited = limited.why;
      return this.reply(res, 429, {
        ok: false,
        error_code: 429,
        description: `Too Many Requests: retry after ${limited.retryAfter}`,
        parameters: { retry_after: limited.retryAfter },
      });
    }

    try {
      const result = method === "getUpdates" ? await this.getUpdates(params, req) : this.call(method, params);
      if (delay?.when === "after") await new Promise((r) => setTimeout(r, delay.ms));
      if (fault?.kind.type === "drop") {
        call.status = 0;
        req.socket.destroy();
        return;
      }
      this.reply(res, 200, { ok: true, result });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      call.status = err.code;
      this.reply(res, err.code, { ok: false, error_code: err.code, description: err.description, parameters: err.parameters });
    }
  }

  private call(method: string, params: Record<string, any>): unknown {
    const impl = METHODS[method];
    if (!impl) throw new ApiError(404, "Not Found: method not found");
    return impl(this.ctx, params);
  }

  private async getUpdates(params: Record<string, any>, req: IncomingMessage): Promise<unknown> {
    if (this.webhook.current)
      throw new ApiError(
        409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
    // Telegram serves one getUpdates at a time per bot: a new call ends the one still waiting with 409.
    this.endWaitingPoll?.();
    const limit = Math.min(100, Math.max(1, Number(params.limit ?? 100)));
    let updates = this.world.take(params.offset, limit);
    if (updates.length === 0 && Number(params.timeout ?? 0) > 0) {
      let onClose = () => {};
      const aborted = new Promise<void>((resolve) => (onClose = resolve));
      req.socket.once("close", onClose);
      let terminated = false;
      const end = () => {
        terminated = true;
        onClose();
      };
      this.endWaitingPoll = end;
      await this.world.waitForUpdate(Number(params.timeout) * 1000, aborted);
      req.socket.off("close", onClose);
      if (this.endWaitingPoll === end) this.endWaitingPoll = undefined;
      if (terminated)
        throw new ApiError(409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running");
      updates = this.world.take(params.offset, limit);
    }
    return updates;
  }

  private takeFault(method: string, params: Record<string, any>): Fault | undefined {
    const chatId = params.chat_id === undefined ? undefined : Number(params.chat_id);
    // The newest matching fault goes first, so a test can add a one-off fault on top of a standing one; a
    // fault with a probability that does not fire this time lets the next one have its turn.
    for (let i = this.faults.length - 1; i >= 0; i--) {
      const f = this.faults[i]!;
      const matches =
        f.times > 0 &&
        (f.method === undefined || (typeof f.method === "string" ? f.method === method : f.method.test(method))) &&
        (f.chatId === undefined || f.chatId === chatId);
      if (!matches) continue;
      if (f.probability !== undefined && Math.random() >= f.probability) continue;
      f.times--;
      return f;
    }
    return undefined;
  }

  /** A send that passes the limits counts against them, even one the method then refuses; a refused 429 does not. */
  private overLimit(
    method: string,
    params: Record<string, any>,
  ): { retryAfter: number; why: NonNullable<RecordedCall["limited"]> } | undefined {
    if (!this.rateLimit || !/^(send|copy|forward|edit)/.test(method)) return undefined;
    const now = Date.now();
    const chatId = Number(params.chat_id);
    const all = this.sentAt;
    while (all.length && all[0]!.at <= now - 1000) all.shift();
    const perChat = this.sentAtPerChat.get(chatId) ?? [];
    while (perChat.length && perChat[0]! <= now - 1000) perChat.shift();
    const overall = all.length >= this.rateLimit.perSecond;
    if (overall || perChat.length >= this.rateLimit.perChatPerSecond) {
      const window = overall ? [...all] : all.filter((s) => s.chatId === chatId);
      return { retryAfter: 1, why: { limit: overall ? "overall" : "chat", window } };
    }
    all.push({ at: now, method, chatId });
    perChat.push(now);
    this.sentAtPerChat.set(chatId, perChat);
    return undefined;
  }

  private reply(res: ServerResponse, status: number, body: unknown): void {
    if (res.destroyed) return;
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  }

  // ---- What users do -------------------------------------------------------------------------

  user(id: number, firstName: string, username?: string): User {
    return this.world.user(id, firstName, username);
  }

  /** A user writes in their private chat with the bot (or in `chat`, a group the bot is in). */
  send(from: User, content: Content, opts: { replyTo?: number; mediaGroupId?: string; chat?: Chat; threadId?: number } = {}): Message {
    return this.post(from, contentFields(content), opts);
  }

  private post(
    from: User,
    content: Partial<Message>,
    opts: { replyTo?: number; mediaGroupId?: string; chat?: Chat; threadId?: number },
  ): Message {
    const chatId = opts.chat?.id ?? from.id;
    if (opts.chat) this.world.ensureChat(opts.chat);
    const fields: Partial<Message> = { ...content };
    if (opts.replyTo !== undefined) fields.reply_to_message = this.world.find(chatId, opts.replyTo)?.message as any;
    // A message written in a topic: Telegram marks a plain one as a reply to the topic's service message.
    const threadId = opts.threadId ?? fields.reply_to_message?.message_thread_id;
    if (threadId !== undefined) {
      const topic = this.world.topic(chatId, threadId);
      if (!topic || topic.deleted) throw new Error(`test error: no topic ${threadId} in chat ${chatId}`);
      Object.assign(fields, { message_thread_id: threadId, is_topic_message: true });
      if (opts.replyTo === undefined) fields.reply_to_message = this.world.find(chatId, threadId)?.message as any;
    }
    if (opts.mediaGroupId) fields.media_group_id = opts.mediaGroupId;
    const message = this.world.store(chatId, fields, from);
    this.world.push({ message: message as any });
    return message;
  }

  /**
   * A message in the group `chat` written on behalf of a chat, as Telegram delivers it: an anonymous admin
   * (`as` is the group itself), a member posting as a channel, or (`automaticForward`) a post of the group's
   * linked channel.
   */
  sendAs(as: Chat, content: Content, opts: { chat: Chat; automaticForward?: boolean }): Message {
    this.world.ensureChat(opts.chat);
    const fields: Partial<Message> = { ...contentFields(content), sender_chat: as as any };
    let from: User = as.id === opts.chat.id ? CHAT_SENDERS.anonymousAdmin : CHAT_SENDERS.channel;
    if (opts.automaticForward) {
      from = CHAT_SENDERS.automaticForward;
      Object.assign(fields, {
        is_automatic_forward: true,
        forward_origin: { type: "channel", chat: as, message_id: 1, date: Math.floor(Date.now() / 1000) },
      });
    }
    const message = this.world.store(opts.chat.id, fields, from);
    this.world.push({ message: message as any });
    return message;
  }

  /**
   * The user types `@bot query` in a chat (`chatType` "sender" is their private chat with the bot itself). Only a
   * bot with inline mode on in @BotFather gets inline queries; returns the query's id.
   */
  inlineQuery(from: User, query: string, opts: { chatType?: string } = {}): string {
    if (!this.world.botSettings.supportsInlineQueries)
      throw new Error("test error: inline mode is off for the bot (@BotFather /setinline)");
    const id = `iq${++this.queryCounter}`;
    const chatType = opts.chatType ?? "sender";
    this.ctx.inlineQueries.set(id, { from, query, chatType });
    this.world.push({ inline_query: { id, from, query, offset: "", chat_type: chatType as "sender" } });
    return id;
  }

  /** The inline query as the bot answered it (undefined until it did). */
  inlineAnswer(queryId: string): InlineQueryRecord["answer"] {
    return this.ctx.inlineQueries.get(queryId)?.answer;
  }

  /**
   * The user picks result `resultId` of the answer to `queryId`: Telegram posts it in their chat as their own
   * message carrying `via_bot` (in the topic they picked it in, as a reply when they were replying), and, with
   * inline feedback on, tells the bot which result was chosen.
   */
  chooseInlineResult(from: User, queryId: string, resultId: string, opts: { replyTo?: number; threadId?: number } = {}): Message {
    const query = this.ctx.inlineQueries.get(queryId);
    const result = (query?.answer?.results as Array<Record<string, any>> | undefined)?.find((r) => String(r.id) === resultId);
    if (!query || !result) throw new Error(`test error: no result ${resultId} in the answer to ${queryId}`);
    const message = this.post(from, { ...inlineResultContent(result), via_bot: this.world.bot }, opts);
    if (this.world.botSettings.inlineFeedback) this.world.push({ chosen_inline_result: { result_id: resultId, from, query: query.query } });
    return message;
  }

  /** The user creates a topic in their chat with the bot (threaded mode must be on); it arrives as a service message. */
  createTopic(from: User, name: string): number {
    const topic = this.world.createTopic(from.id, name, true);
    this.world.push({ message: this.world.find(from.id, topic.threadId)!.message as any });
    return topic.threadId;
  }

  /** The user deletes a topic of their chat with the bot; later sends to it fail with "message thread not found". */
  deleteTopic(from: User, threadId: number): void {
    const topic = this.world.topic(from.id, threadId);
    if (!topic) throw new Error(`test error: no topic ${threadId}`);
    topic.deleted = true;
  }

  /** A user edits the text (or caption) of one of their messages. */
  edit(from: User, messageId: number, text: string, chatId = from.id): void {
    const stored = this.world.find(chatId, messageId)!;
    const key = stored.message.text !== undefined ? "text" : "caption";
    stored.message = { ...stored.message, [key]: text, edit_date: Math.floor(Date.now() / 1000) } as Message;
    this.world.push({ edited_message: stored.message as any });
  }

  /** A user presses an inline button; returns the query id so a test can check it was answered. */
  press(from: User, message: Message, data: string): string {
    const id = `q${++this.queryCounter}`;
    this.ctx.knownQueries.add(id);
    this.world.push({ callback_query: { id, from, chat_instance: "ci", message: message as any, data } });
    return id;
  }

  /** The user blocks the bot: sends to them fail with 403 and Telegram reports my_chat_member "kicked". */
  block(user: User): void {
    this.world.blockedBy.add(user.id);
    const chat = this.world.chat(user.id)!.chat;
    this.world.push({
      my_chat_member: {
        chat: chat as any,
        from: user,
        date: Math.floor(Date.now() / 1000),
        old_chat_member: { status: "member", user: this.world.bot },
        new_chat_member: { status: "kicked", user: this.world.bot, until_date: 0 },
      },
    });
  }

  /** Pushes an update exactly as given again (a replay after a restart or a webhook retry). */
  replay(update: Parameters<World["push"]>[0]): void {
    this.world.push(update);
  }

  /**
   * Delivers the oldest pending update to the registered webhook as Telegram does (with the secret header),
   * and confirms it only on a 2xx answer. Returns the HTTP status the bot answered.
   */
  async deliverWebhook(opts: { secret?: string; keep?: boolean } = {}): Promise<number> {
    const hook = this.webhook.current;
    if (!hook) throw new Error("no webhook registered");
    const [update] = this.world.take(undefined, 1);
    if (!update) throw new Error("no pending update");
    const headers: Record<string, string> = { "content-type": "application/json" };
    const secret = opts.secret ?? hook.secret;
    if (secret !== undefined) headers["x-telegram-bot-api-secret-token"] = secret;
    const res = await fetch(hook.url, { method: "POST", headers, body: JSON.stringify(update) });
    await res.arrayBuffer();
    if (res.ok && !opts.keep) this.world.take(update.update_id + 1, 0);
    return res.status;
  }

  // ---- What users see ------------------------------------------------------------------------

  /** Messages the bot put in a chat, oldest first (a topic's "created" service line is not one of them). */
  botMessages(chatId: number): Stored[] {
    return this.world.messages(chatId).filter((s) => s.message.from?.id === this.world.bot.id && !s.message.forum_topic_created);
  }

  lastBotMessage(chatId: number): Stored | undefined {
    return this.botMessages(chatId).at(-1);
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  answered(queryId: string): boolean {
    return this.ctx.answeredQueries.has(queryId);
  }

  /** Waits until `check` passes (polling); fails with the last error after `timeoutMs`. */
  async until<T>(check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await check();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}
