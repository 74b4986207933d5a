import type { User } from "grammy/types";
import { beforeEach, describe, expect, it } from "vitest";
import { getChat } from "../src/rules/chats.js";
import { addSavedReply } from "../src/rules/saved-replies.js";
import { setSetting } from "../src/rules/settings.js";
import { pendingCount } from "../src/rules/outbox.js";
import { button, labels } from "./support/buttons.js";
import { consoleForEachTest } from "./support/console.js";
import { addOperator } from "./support/team.js";

const ADA = 100;
const BOB = 101;
const ACME = 900;

const t = consoleForEachTest({ adminIds: [ADA, ACME] });
let acme: User;

beforeEach(() => {
  t.fake.user(ADA, "Ada");
  addOperator(t.app.db, t.fake.user(BOB, "Bob"));
  acme = t.fake.user(ACME, "Acme", "acme_support");
});

const texts = (id: number) => t.fake.botMessages(id).map((s) => s.message.text ?? "");
const bobChat = () => t.fake.world.chat(BOB)!.chat as any;

/** The account connects the bot and the console has taken the connection in. */
async function connect(opts: { canReply?: boolean; canRead?: boolean } = {}): Promise<string> {
  const id = t.fake.business.connect(acme, opts);
  await t.fake.until(() => texts(ADA).some((line) => line.includes("Acme connected their business account")));
  return id;
}

describe("a business account's clients are served from the operators' chats", () => {
  it("brings a client's message with a card naming the inbox, and sends the operator's answer as the account", async () => {
    const bc = await connect();
    const carol = t.fake.user(500, "Carol", "carol");
    t.fake.business.clientSends(bc, carol, { text: "Is my order ready?" });
    const copy = await t.fake.until(() => t.fake.botMessages(BOB).find((s) => s.message.text === "Is my order ready?"));
    const card = t.fake.botMessages(BOB).find((s) => s.message.text?.startsWith("💬 #1"))!;
    expect(card.message.text).toContain("Inbox: Acme (@acme_support)");
    // Never copied: the bot cannot copy out of the account's chats, so it sent the text anew.
    expect(t.fake.callsOf("copyMessage")).toHaveLength(0);

    t.fake.send(bobChat(), { text: "Yes, pick it up today." }, { replyTo: copy.message.message_id });
    const answer = await t.fake.until(() => t.fake.business.sentByBot(bc, carol)[0]);
    expect(answer.message.text).toBe("Yes, pick it up today.");
    expect(answer.message.from?.id).toBe(ACME);
    expect(answer.message.reply_to_message?.message_id).toBe(1);
    const send = t.fake.callsOf("sendMessage").find((c) => c.params.text === "Yes, pick it up today.")!;
    expect(send.params.business_connection_id).toBe(bc);
    expect(send.params.chat_id).toBe(carol.id);
    // The client's chat with the bot itself got nothing.
    expect(t.fake.botMessages(carol.id)).toHaveLength(0);
    expect(getChat(t.app.db, 1)).toMatchObject({ responsibleId: BOB, awaitingReplySince: null, businessAccountId: ACME });
  });
});

const HOUR = 60 * 60_000;
const adaChat = () => t.fake.world.chat(ADA)!.chat as any;
const copyIn = (op: number, text: string) => t.fake.until(() => t.fake.botMessages(op).find((s) => s.message.text === text));
const settled = () => t.fake.until(() => pendingCount(t.app.db) === 0);

describe("answers of every kind go out as the account", () => {
  it("re-sends a photo, an album and a voice message with their file ids and the connection", async () => {
    const bc = await connect();
    const carol = t.fake.user(500, "Carol");
    t.fake.business.clientSends(bc, carol, { text: "Show me the colours" });
    const copy = await copyIn(BOB, "Show me the colours");
    const reply = { replyTo: copy.message.message_id };

    const photo = t.fake.send(bobChat(), { photo: true, caption: "Red" }, reply);
    const sentPhoto = await t.fake.until(() => t.fake.business.sentByBot(bc, carol).find((s) => s.message.photo));
    expect(sentPhoto.message.photo![0]!.file_id).toBe(photo.photo!.at(-1)!.file_id);
    expect(sentPhoto.message.caption).toBe("Red");

    const album = [1, 2, 3].map((i) =>
      t.fake.send(bobChat(), { photo: true, caption: i === 1 ? "All three" : undefined }, { ...reply, mediaGroupId: "a1" }),
    );
    const sentAlbum = await t.fake.until(() => {
      const parts = t.fake.business.sentByBot(bc, carol).filter((s) => s.message.media_group_id);
      return parts.length === 3 ? parts : undefined;
    });
    expect(sentAlbum.map((s) => s.message.photo![0]!.file_id)).toEqual(album.map((m) => m.photo!.at(-1)!.file_id));
    expect(new Set(sentAlbum.map((s) => s.message.media_group_id)).size).toBe(1);
    expect(sentAlbum[0]!.message.caption).toBe("All three");
    const group = t.fake.callsOf("sendMediaGroup");
    expect(group).toHaveLength(1);
    expect(group[0]!.params.business_connection_id).toBe(bc);

    const voice = t.fake.send(bobChat(), { voice: true }, reply);
    const sentVoice = await t.fake.until(() => t.fake.business.sentByBot(bc, carol).find((s) => s.message.voice));
    expect(sentVoice.message.voice!.file_id).toBe(voice.voice!.file_id);
    for (const method of ["sendPhoto", "sendVoice"]) expect(t.fake.callsOf(method)[0]!.params.business_connection_id).toBe(bc);
    expect(t.fake.callsOf("copyMessage")).toHaveLength(0);
  });

  it("refuses a kind that cannot be re-sent with a notice on the operator's message, and edits a sent text in place", async () => {
    const bc = await connect();
    const carol = t.fake.user(500, "Carol");
    t.fake.business.clientSends(bc, carol, { text: "Hi" });
    const copy = await copyIn(BOB, "Hi");
    const poll = t.fake.send(bobChat(), { poll: { question: "Which?" } }, { replyTo: copy.message.message_id });
    const notice = await t.fake.until(() =>
      t.fake.botMessages(BOB).find((s) => s.message.text?.includes("cannot be sent through a business account")),
    );
    expect(notice.message.reply_to_message?.message_id).toBe(poll.message_id);

    const text = t.fake.send(bobChat(), { text: "Hello Carol" }, { replyTo: copy.message.message_id });
    const sent = await t.fake.until(() => t.fake.business.sentByBot(bc, carol).find((s) => s.message.text === "Hello Carol"));
    t.fake.edit(t.fake.world.chat(BOB)!.chat as any, text.message_id, "Hello, Carol!");
    const edited = await t.fake.until(() => t.fake.business.sentByBot(bc, carol).find((s) => s.message.text === "Hello, Carol!"));
    expect(edited.message.message_id).toBe(sent.message.message_id);
    expect(t.fake.callsOf("editMessageText").at(-1)!.params.business_connection_id).toBe(bc);
  });

  it("keeps the take-over guard: a reply to someone else's business chat asks first, and Send anyway sends it as the account", async () => {
    const bc = await connect();
    const carol = t.fake.user(500, "Carol");
    t.fake.business.clientSends(bc, carol, { text: "Hello?" });
    const forBob = await copyIn(BOB, "Hello?");
    t.fake.send(bobChat(), { text: "Bob here" }, { replyTo: forBob.message.message_id });
    await t.fake.until(() => getChat(t.app.db, 1)?.responsibleId === BOB);
    const forAda = await copyIn(ADA, "Hello?");
    t.fake.send(adaChat(), { photo: true, caption: "Ada here" }, { replyTo: forAda.message.message_id });
    const prompt = await t.fake.until(() => t.fake.botMessages(ADA).find((s) => labels(s).some((l) => l.includes("Send anyway"))));
    t.fake.press(adaChat(), prompt.message, button(prompt, "Send anyway"));
    const photo = await t.fake.until(() => t.fake.business.sentByBot(bc, carol).find((s) => s.message.photo));
    expect(photo.message.caption).toBe("Ada here");
  });
});

describe("signatures", () => {
  it("signs a text and a caption sent as the account with the responsible's name, as for the bot's chats", async () => {
    setSetting(t.app.db, ADA, "signReplies", true);
    const bc = await connect();
    const carol = t.fake.user(500, "Carol");
    t.fake.business.clientSends(bc, carol, { text: "Hi" });
    const copy = await copyIn(BOB, "Hi");
    t.fake.send(bobChat(), { text: "Hello" }, { replyTo: copy.message.message_id });
    t.fake.send(bobChat(), { photo: true, caption: "Here" }, { replyTo: copy.message.message_id });
    const sent = await t.fake.until(() => {
      const all = t.fake.business.sentByBot(bc, carol);
      return all.length === 2 ? all : undefined;
    });
    expect(sent.map((s) => s.message.text ?? s.message.caption)).toEqual(["Hello\n\n— Bob", "Here\n\n— Bob"]);
  });
});

describe("connections", () => {
  it("ignores an account connected by someone who is not an admin, and tells the admins once", async () => {
    const shady = t.fake.user(777, "Shady");
    const bc = t.fake.business.connect(shady);
    await t.fake.until(() => texts(ADA).some((line) => line.includes("only an admin of this console may do that")));
    t.fake.business.change(bc, { canRead: false });
    const dan = t.fake.user(501, "Dan");
    t.fake.business.clientSends(bc, dan, { text: "hello?" });
    t.fake.send(t.fake.user(502, "Eve"), { text: "marker" });
    await copyIn(BOB, "marker");
    await settled();
    expect(texts(BOB)).not.toContain("hello?");
    expect(texts(ADA).filter((line) => line.includes("only an admin"))).toHaveLength(1);
    expect(texts(BOB).some((line) => line.includes("only an admin"))).toBe(false);

    t.fake.send(adaChat(), { text: "/inboxes" });
    const list = await t.fake.until(() => t.fake.botMessages(ADA).find((s) => s.message.text?.startsWith("🏢 Inboxes")));
    expect(list.message.text).toContain("Shady: ignored (not connected by an admin)");
    t.fake.send(bobChat(), { text: "/inboxes" });
    await t.fake.until(() => texts(BOB).some((line) => line.includes("admin")));
    expect(texts(BOB).some((line) => line.startsWith("🏢 Inboxes"))).toBe(false);
  });

  it("fails queued answers with a visible reason when the account disables the bot, and loses no client message", async () => {
    const bc = await connect();
    const carol = t.fake.user(500, "Carol");
    t.fake.business.clientSends(bc, carol, { text: "Question" });
    const copy = await copyIn(BOB, "Question");
    // Telegram is slow to take the answer: it is still queued when the account disables the bot.
    t.fake.fault({
      method: "sendMessage",
      chatId: carol.id,
      times: 1,
      kind: { type: "error", code: 500, description: "Internal Server Error" },
    });
    const answer = t.fake.send(bobChat(), { text: "Answer" }, { replyTo: copy.message.message_id });
    await t.fake.until(() => t.fake.callsOf("sendMessage").some((c) => c.params.text === "Answer"));
    t.fake.business.change(bc, { enabled: false });
    const notice = await t.fake.until(() =>
      t.fake.botMessages(BOB).find((s) => s.message.text?.includes("connection is disabled or may not reply")),
    );
    expect(notice.message.reply_to_message?.message_id).toBe(answer.message_id);
    await t.fake.until(() => texts(ADA).some((line) => line.includes("Acme disabled the bot")));
    expect(t.fake.business.sentByBot(bc, carol)).toHaveLength(0);

    // Clients still write meanwhile: their messages are stored and reach the operators.
    t.fake.business.clientSends(bc, carol, { text: "Hello again?" });
    await copyIn(BOB, "Hello again?");
    t.fake.business.change(bc, { enabled: true });
    await t.fake.until(() => texts(ADA).some((line) => line.includes("lets the bot answer again")));
  });

  it("fails an answer after the client's 24 hours with a notice that says so", async () => {
    const bc = await connect();
    const carol = t.fake.user(500, "Carol");
    t.fake.business.clientSends(bc, carol, { text: "Old question" });
    const copy = await copyIn(BOB, "Old question");
    t.fake.business.age(bc, carol, 25 * HOUR);
    const answer = t.fake.send(bobChat(), { text: "Late answer" }, { replyTo: copy.message.message_id });
    const notice = await t.fake.until(() => t.fake.botMessages(BOB).find((s) => s.message.text?.includes("more than 24 hours")));
    expect(notice.message.text).toContain("can still answer from their own Telegram app");
    expect(notice.message.reply_to_message?.message_id).toBe(answer.message_id);
  });
});

describe("a saved reply picked for a business chat", () => {
  it("goes out as the account with its placeholders filled in, not as the operator's raw text", async () => {
    const made = addSavedReply(
      t.app.db,
      ADA,
      "team",
      "Greeting",
      { kind: "text", text: "Hello {client_name}, {operator_name} here." },
      Date.now,
    );
    if (!made.ok) throw new Error(made.reason);
    const bc = await connect();
    const carol = t.fake.user(500, "Carol", "carol");
    t.fake.business.clientSends(bc, carol, { text: "Anyone there?" });
    const copy = await t.fake.until(() => t.fake.botMessages(BOB).find((s) => s.message.text === "Anyone there?"));

    t.fake.world.botSettings.supportsInlineQueries = true;
    const query = t.fake.inlineQuery(bobChat(), "greet", { chatType: "sender" });
    const answer = await t.fake.until(() => t.fake.inlineAnswer(query));
    const results = answer.results as Array<{ id: string }>;
    t.fake.chooseInlineResult(bobChat(), query, results[0]!.id, { replyTo: copy.message.message_id });

    const sent = await t.fake.until(() => t.fake.business.sentByBot(bc, carol)[0]);
    expect(sent.message.text).toBe("Hello Carol, Bob here.");
    expect(t.fake.callsOf("sendMessage").find((c) => c.params.business_connection_id === bc)?.params.text).toBe("Hello Carol, Bob here.");
  });
});
