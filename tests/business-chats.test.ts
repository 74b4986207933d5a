import type { User } from "grammy/types";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { businessChats, chats, messages } from "../src/db/schema.js";
import { getChat } from "../src/rules/chats.js";
import { pendingCount } from "../src/rules/outbox.js";
import { watchdogTick } from "../src/rules/watchdog.js";
import { button } from "./support/buttons.js";
import { consoleForEachTest } from "./support/console.js";
import { serveApi } from "./support/http.js";
import { addOperator } from "./support/team.js";

const ADA = 100;
const BOB = 101;
const ACME = 900;
const HOUR = 60 * 60_000;
const TOKEN = "integration-token-0123456789abcdef";

const t = consoleForEachTest({ adminIds: [ADA, ACME] });
let acme: User;
let api: Awaited<ReturnType<typeof serveApi>>;

beforeEach(async () => {
  t.fake.user(ADA, "Ada");
  addOperator(t.app.db, t.fake.user(BOB, "Bob"));
  acme = t.fake.user(ACME, "Acme", "acme_support");
  api = await serveApi(t.app, TOKEN);
});

afterEach(async () => {
  await api.close();
});

const texts = (id: number) => t.fake.botMessages(id).map((s) => s.message.text ?? "");
const bobChat = () => t.fake.world.chat(BOB)!.chat as any;
const copyIn = (op: number, text: string) => t.fake.until(() => t.fake.botMessages(op).find((s) => s.message.text === text));
const settled = () => t.fake.until(() => pendingCount(t.app.db) === 0);

async function connect(opts: { canReply?: boolean; canRead?: boolean } = {}): Promise<string> {
  const id = t.fake.business.connect(acme, opts);
  await t.fake.until(() => texts(ADA).some((line) => line.includes("Acme connected their business account")));
  return id;
}

describe("the owner's own messages", () => {
  it("records the owner's answer from their phone as the operator's, stops the watchdog and shows it to the responsible", async () => {
    const bc = await connect();
    const carol = t.fake.user(500, "Carol");
    t.fake.business.clientSends(bc, carol, { text: "Anyone there?" });
    const copy = await copyIn(BOB, "Anyone there?");
    const card = t.fake.botMessages(BOB).find((s) => s.message.text?.startsWith("💬 #1"))!;
    t.fake.press(bobChat(), card.message, button(card, "Claim"));
    await t.fake.until(() => getChat(t.app.db, 1)?.responsibleId === BOB);
    expect(copy).toBeDefined();

    t.fake.business.ownerSends(bc, carol, { text: "Yes, I'm here: Acme's owner." });
    const seen = await t.fake.until(() => t.fake.botMessages(BOB).find((s) => s.message.text?.startsWith("📱")));
    expect(seen.message.text).toBe("📱 Acme answered #1 Carol from the Acme app:\nYes, I'm here: Acme's owner.");
    const chat = getChat(t.app.db, 1)!;
    expect(chat.awaitingReplySince).toBeNull();
    const answer = t.app.db.select().from(messages).where(eq(messages.text, "Yes, I'm here: Acme's owner.")).get()!;
    // Acme is on the team (an admin): the answer counts as theirs in reports.
    expect(answer).toMatchObject({ direction: "out", authorOperatorId: ACME, chatId: 1 });
    expect(answer.firstResponseMs).not.toBeNull();
    expect(watchdogTick(t.app.db, () => Date.now() + HOUR)).toEqual({ reminded: [], escalated: [] });
    // Telegram does not echo it back as a send: nothing went to the client's chat from the bot.
    expect(t.fake.business.sentByBot(bc, carol)).toHaveLength(0);
  });
});

describe("the 24-hour window", () => {
  it("shows the time left on the card and escalates an unanswered chat whose window is closing", async () => {
    const bc = await connect();
    const carol = t.fake.user(500, "Carol");
    t.fake.business.clientSends(bc, carol, { text: "Hello" });
    await copyIn(BOB, "Hello");
    // 22 hours pass (in the data: a test cannot wait them out).
    const long = Date.now() - 22 * HOUR;
    t.app.db.update(businessChats).set({ lastClientMessageAt: long }).run();
    t.app.db
      .update(chats)
      .set({ awaitingReplySince: long - 1000, watchdogStage: 2 })
      .where(eq(chats.id, 1))
      .run();
    t.fake.business.age(bc, carol, 22 * HOUR);
    // Already escalated by the usual steps long ago: nothing more.
    expect(watchdogTick(t.app.db, Date.now).escalated).toEqual([]);
    t.app.db.update(chats).set({ watchdogStage: 1 }).where(eq(chats.id, 1)).run();
    expect(watchdogTick(t.app.db, Date.now).escalated).toEqual([1]);
    t.app.worker.kick();
    const alert = await t.fake.until(() => t.fake.botMessages(BOB).find((s) => s.message.text?.includes("24-hour window for answering")));
    expect(alert.message.text).toMatch(/closes in 1 h 5\d min/);
    expect(alert.message.text).toMatch(/⏳ Answer within 1 h 5\d min \(Telegram's 24-hour window\)/);
    expect(alert.message.text).toContain("Inbox: Acme (@acme_support)");
  });
});

describe("read receipts", () => {
  it("marks the client's messages read when an operator answers, only if the connection has the right", async () => {
    const bc = await connect();
    const carol = t.fake.user(500, "Carol");
    t.fake.business.clientSends(bc, carol, { text: "one" });
    t.fake.business.clientSends(bc, carol, { text: "two" });
    const copy = await copyIn(BOB, "two");
    t.fake.send(bobChat(), { text: "Got both" }, { replyTo: copy.message.message_id });
    await t.fake.until(() => t.fake.business.readUpTo(bc, carol) === 2);
    expect(t.fake.callsOf("readBusinessMessage")[0]!.params).toMatchObject({
      business_connection_id: bc,
      chat_id: carol.id,
      message_id: 2,
    });

    t.fake.business.change(bc, { canRead: false });
    t.fake.business.clientSends(bc, carol, { text: "three" });
    const third = await copyIn(BOB, "three");
    t.fake.send(bobChat(), { text: "Noted" }, { replyTo: third.message.message_id });
    await t.fake.until(() => t.fake.business.sentByBot(bc, carol).some((s) => s.message.text === "Noted"));
    await settled();
    expect(t.fake.callsOf("readBusinessMessage")).toHaveLength(1);
    expect(t.fake.business.readUpTo(bc, carol)).toBe(2);
  });
});

describe("edits and deletions by clients", () => {
  it("tells the operators, as notices on their copies", async () => {
    const bc = await connect();
    const carol = t.fake.user(500, "Carol");
    const first = t.fake.business.clientSends(bc, carol, { text: "I want 3" });
    const copy = await copyIn(BOB, "I want 3");
    t.fake.business.clientEdits(bc, carol, first.message_id, "I want 4");
    const edit = await t.fake.until(() => t.fake.botMessages(BOB).find((s) => s.message.text?.startsWith("✏️")));
    expect(edit.message.text).toBe("✏️ Carol edited a message:\nI want 4");
    expect(edit.message.reply_to_message?.message_id).toBe(copy.message.message_id);
    t.fake.business.deletes(bc, carol, [first.message_id]);
    const gone = await t.fake.until(() => t.fake.botMessages(BOB).find((s) => s.message.text?.startsWith("🗑")));
    expect(gone.message.text).toBe("🗑 Carol deleted a message in #1 Carol (the history keeps what was said).");
    expect(gone.message.reply_to_message?.message_id).toBe(copy.message.message_id);
  });
});

describe("inboxes", () => {
  it("keeps one client's chats with the bot and with the account apart, and filters the API and /chats by inbox", async () => {
    const bc = await connect();
    const carol = t.fake.user(500, "Carol");
    t.fake.send(carol, { text: "to the bot" });
    await copyIn(BOB, "to the bot");
    t.fake.business.clientSends(bc, carol, { text: "to the account" });
    await copyIn(BOB, "to the account");
    expect([getChat(t.app.db, 1)?.businessAccountId, getChat(t.app.db, 2)?.businessAccountId]).toEqual([null, ACME]);

    const get = async (query: string) => {
      const res = await fetch(`${api.base}/api/chats${query}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      return (await res.json()) as { chats: Array<{ id: number; telegramChatId: number; inbox: unknown }> };
    };
    expect((await get("?inbox=bot")).chats.map((c) => c.id)).toEqual([1]);
    const business = await get(`?inbox=${ACME}`);
    expect(business.chats).toMatchObject([{ id: 2, telegramChatId: carol.id, inbox: { businessAccountId: ACME, name: "Acme" } }]);
    expect((await get("")).chats.map((c) => c.id)).toEqual([2, 1]);

    t.fake.send(t.fake.world.chat(ADA)!.chat as any, { text: "/chats" });
    const list = await t.fake.until(() => t.fake.botMessages(ADA).find((s) => s.message.text?.includes("#2 Carol")));
    expect(list.message.text).toContain("#2 Carol · 🏢 Acme ·");
    t.fake.press(t.fake.world.chat(ADA)!.chat as any, list.message, button(list, "By inbox"));
    await t.fake.until(() =>
      t.fake.world
        .find(ADA, list.message.message_id)
        ?.message.reply_markup?.inline_keyboard.flat()
        .some((b) => b.text.includes("Acme (@acme_support)")),
    );
    const picker = t.fake.world.find(ADA, list.message.message_id)!;
    t.fake.press(t.fake.world.chat(ADA)!.chat as any, picker.message, button(picker, "Acme (@acme_support)"));
    const filtered = await t.fake.until(() => {
      const text = t.fake.world.find(ADA, list.message.message_id)?.message.text;
      return text && !text.includes("#1 Carol") ? text : undefined;
    });
    expect(filtered).toContain("🏢 Acme (@acme_support)");
    expect(filtered).toContain("#2 Carol");
  });
});
