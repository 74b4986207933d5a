import type { User } from "grammy/types";
import { beforeEach, describe, expect, it } from "vitest";
import { addSavedReply } from "../src/rules/saved-replies.js";
import { button } from "./support/buttons.js";
import type { Stored } from "./support/fake-telegram/world.js";
import { consoleForEachTest } from "./support/console.js";
import { addOperator } from "./support/team.js";

const ADA = 100;
const BOB = 101;
const CAROL = 500;

const t = consoleForEachTest({ adminIds: [ADA], conversationTimeoutMs: 60_000 });

let ada: User;
let bob: User;
let carol: User;

beforeEach(() => {
  t.fake.world.botSettings.supportsInlineQueries = true;
  ada = t.fake.user(ADA, "Ada");
  bob = t.fake.user(BOB, "Bob");
  addOperator(t.app.db, bob);
  carol = t.fake.user(CAROL, "Carol");
});

const latest = (chatId: number, prefix: string) =>
  t.fake.until(() => t.fake.botMessages(chatId).findLast((s) => s.message.text?.startsWith(prefix)));
const current = (chatId: number, stored: Stored) => t.fake.world.find(chatId, stored.message.message_id)!;

/** Carol writes; returns her message as Bob's chat shows it (the copy Bob answers by replying to). */
async function carolWrites(text = "Hi, when will my order arrive?"): Promise<Stored> {
  t.fake.send(carol, { text });
  return t.fake.until(() => t.fake.botMessages(BOB).find((s) => s.message.text === text));
}

/** `user` types `@bot query` and waits for the bot's answer. */
async function ask(user: User, query: string, chatType?: string) {
  const id = t.fake.inlineQuery(user, query, chatType === undefined ? {} : { chatType });
  const answer = await t.fake.until(() => t.fake.inlineAnswer(id));
  return { id, answer, results: answer.results as Array<Record<string, any>> };
}

/** Ada adds a reply to the team library through /replies: Team library, Add, title, then the content message. */
async function adaAdds(title: string, content: Parameters<typeof t.fake.send>[1]): Promise<void> {
  t.fake.send(ada, { text: "/replies" });
  const home = await latest(ADA, "💬 Saved replies");
  t.fake.press(ada, home.message, button(home, "Team library"));
  await t.fake.until(() => current(ADA, home).message.text?.startsWith("📚 Team library"));
  t.fake.press(ada, current(ADA, home).message, button(current(ADA, home), "Add"));
  await latest(ADA, "A new saved reply");
  t.fake.send(ada, { text: title });
  await latest(ADA, "Now send the reply itself");
  t.fake.send(ada, content);
  await latest(ADA, `✅ Saved “${title}”`);
}

const clientMessages = () => t.fake.botMessages(CAROL).filter((s) => !s.message.text?.startsWith("👋"));

describe("a saved reply in three steps", () => {
  it("is added by an admin, found by an operator's inline query, picked, and reaches the client with placeholders filled", async () => {
    const question = await carolWrites();
    const text = "Hello {client_name}, this is {operator_name}. Delivery takes 2 days.";
    // "{operator_name}" is bold: the formatting must cover the name the client gets.
    await adaAdds("Delivery times", { text, entities: [{ type: "bold", offset: 29, length: 15 }] });

    const { id, answer, results } = await ask(bob, "deliv");
    expect(answer.is_personal).toBe(true);
    expect(answer.cache_time).toBe(0);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ type: "article", title: "Delivery times", input_message_content: { message_text: text } });

    const picked = t.fake.chooseInlineResult(bob, id, results[0]!.id, { replyTo: question.message.message_id });
    // Bob's own chat shows what Telegram posted: the raw text, via the bot.
    expect(picked.text).toBe(text);
    expect(picked.via_bot?.id).toBe(t.fake.world.bot.id);

    const got = await t.fake.until(() => clientMessages().at(-1));
    expect(got.message.text).toBe("Hello Carol, this is Bob. Delivery takes 2 days.");
    expect(got.message.entities).toEqual([{ type: "bold", offset: 21, length: 3 }]);
    // The copy quotes the client's question, like any answer given by replying.
    expect(got.message.reply_to_message?.text).toBe("Hi, when will my order arrive?");
    const stored = t.app.db.$client.prepare("select text, author_operator_id a from messages where direction = 'out'").all() as Array<{
      text: string;
      a: number;
    }>;
    expect(stored).toEqual([{ text: "Hello Carol, this is Bob. Delivery takes 2 days.", a: BOB }]);
    // The answer made Bob responsible, as any first answer does.
    expect(t.app.db.$client.prepare("select responsible_id r from chats").get()).toEqual({ r: BOB });
  });

  it("sends a media reply by its file id, the caption's placeholders filled for the client", async () => {
    const question = await carolWrites();
    await adaAdds("Price list", { photo: true, caption: "Our prices, {client_name}" });
    const fileId = (t.app.db.$client.prepare("select file_id f, kind from saved_replies").get() as { f: string; kind: string }).f;
    expect(fileId).toMatch(/^file-/);

    const { id, results } = await ask(bob, "PRICES");
    expect(results).toEqual([expect.objectContaining({ type: "photo", photo_file_id: fileId, caption: "Our prices, {client_name}" })]);
    t.fake.chooseInlineResult(bob, id, results[0]!.id, { replyTo: question.message.message_id });

    const got = await t.fake.until(() => clientMessages().find((s) => s.message.photo));
    expect(got.message.photo?.[0]?.file_id).toBe(fileId);
    expect(got.message.caption).toBe("Our prices, Carol");
    expect(t.fake.callsOf("copyMessage").filter((c) => c.params.chat_id === CAROL)).toHaveLength(1);
  });

  it("tells an operator who picks a reply without replying to a client how to aim it, and sends nothing", async () => {
    await carolWrites();
    addSavedReply(t.app.db, ADA, "team", "Thanks", { kind: "text", text: "Thank you, {client_name}!" }, Date.now);
    const { id, results } = await ask(bob, "thank");
    const before = t.fake.botMessages(BOB).length;
    t.fake.chooseInlineResult(bob, id, results[0]!.id);
    const hint = await t.fake.until(() => t.fake.botMessages(BOB).slice(before).at(-1));
    expect(hint.message.text).toMatch(/^To answer a client, reply to one of their messages/);
    expect(clientMessages()).toHaveLength(0);
  });

  it("relays a reply picked in the client's topic of the threaded inbox (found through conversationOf)", async () => {
    t.fake.world.botSettings.hasTopicsEnabled = true;
    await carolWrites();
    const topic = t.fake.world.createTopic(BOB, "Carol", false);
    t.app.db.$client
      .prepare("insert into operator_topics (operator_id, chat_id, thread_id, name, created_at) values (?, 1, ?, 'Carol', ?)")
      .run(BOB, topic.threadId, Date.now());
    addSavedReply(t.app.db, BOB, "own", "Hi", { kind: "text", text: "Hi {client_name}, {operator_name} here" }, Date.now);
    const { id, results } = await ask(bob, "hi");
    t.fake.chooseInlineResult(bob, id, results[0]!.id, { threadId: topic.threadId });
    const got = await t.fake.until(() => clientMessages().at(-1));
    expect(got.message.text).toBe("Hi Carol, Bob here");
  });

  it("keeps working with inline feedback on: the chosen_inline_result changes nothing, the reply goes once", async () => {
    t.fake.world.botSettings.inlineFeedback = true;
    const question = await carolWrites();
    addSavedReply(t.app.db, ADA, "team", "Bye", { kind: "text", text: "Bye {client_name}" }, Date.now);
    const { id, results } = await ask(bob, "");
    t.fake.chooseInlineResult(bob, id, results[0]!.id, { replyTo: question.message.message_id });
    await t.fake.until(() => t.fake.world.pendingUpdates() === 0 && clientMessages().length === 1);
    expect(clientMessages().map((s) => s.message.text)).toEqual(["Bye Carol"]);
    expect(t.app.db.$client.prepare("select count(*) n from failed_updates").get()).toEqual({ n: 0 });
  });
});

describe("a saved reply like any answer", () => {
  it("is held when a colleague is responsible, and goes filled in once the operator sends it anyway", async () => {
    const question = await carolWrites();
    t.app.db.$client.prepare("update chats set responsible_id = ?").run(ADA);
    addSavedReply(t.app.db, ADA, "team", "Thanks", { kind: "text", text: "Thanks, {client_name}! {operator_name}" }, Date.now);
    const { id, results } = await ask(bob, "thanks");
    t.fake.chooseInlineResult(bob, id, results[0]!.id, { replyTo: question.message.message_id });
    const prompt = await latest(BOB, "✋ ");
    expect(prompt.message.text).toMatch(/is responsible for #1 Carol/);
    expect(clientMessages()).toHaveLength(0);
    t.fake.press(bob, prompt.message, button(prompt, "Send anyway"));
    const got = await t.fake.until(() => clientMessages().at(-1));
    expect(got.message.text).toBe("Thanks, Carol! Bob");
  });

  it("is signed when the team signs replies, and an edit of it reaches the client filled in too", async () => {
    const question = await carolWrites();
    t.app.db.$client.prepare("insert into settings (key, value) values ('signReplies', 'true')").run();
    addSavedReply(t.app.db, ADA, "team", "Wait", { kind: "text", text: "One moment, {client_name}." }, Date.now);
    const { id, results } = await ask(bob, "moment");
    const picked = t.fake.chooseInlineResult(bob, id, results[0]!.id, { replyTo: question.message.message_id });
    const got = await t.fake.until(() => clientMessages().at(-1));
    expect(got.message.text).toBe("One moment, Carol.\n\n— Bob");

    t.fake.edit(bob, picked.message_id, "Two moments, {client_name}.");
    await t.fake.until(() => current(CAROL, got).edits === 1);
    expect(current(CAROL, got).message.text).toBe("Two moments, Carol.\n\n— Bob");
  });
});

describe("what an inline query offers", () => {
  it("ranks the operator's own replies first, keeps others' own replies private, and offers nothing to anyone else", async () => {
    await carolWrites();
    addSavedReply(t.app.db, ADA, "team", "Refund policy", { kind: "text", text: "Refunds take 5 days." }, Date.now);
    addSavedReply(t.app.db, ADA, "team", "Opening hours", { kind: "text", text: "We are open 9-18; refund desk too." }, Date.now);
    addSavedReply(t.app.db, BOB, "own", "Zebra refund", { kind: "text", text: "My own words about refunds." }, Date.now);
    addSavedReply(t.app.db, ADA, "own", "Ada's refund", { kind: "text", text: "Ada's own." }, Date.now);

    const bobs = await ask(bob, "refund");
    expect(bobs.results.map((r) => r.title)).toEqual(["Zebra refund", "Opening hours", "Refund policy"]);
    const adas = await ask(ada, "REFUND");
    expect(adas.results.map((r) => r.title)).toEqual(["Ada's refund", "Opening hours", "Refund policy"]);
    // Every word must match, in the title or the text.
    expect((await ask(bob, "refund days")).results.map((r) => r.title)).toEqual(["Refund policy"]);

    // A client, a stranger and a deactivated operator get an empty answer, as does a query from another chat.
    const stranger = t.fake.user(900, "Stan");
    const dee = t.fake.user(102, "Dee");
    addOperator(t.app.db, dee);
    t.app.db.$client.prepare("update operators set active = 0 where id = 102").run();
    for (const who of [carol, stranger, dee]) expect((await ask(who, "refund")).results, who.first_name).toEqual([]);
    expect((await ask(bob, "refund", "private")).results).toEqual([]);
  });

  it("no longer offers a reply an admin deleted through /replies", async () => {
    addSavedReply(t.app.db, ADA, "team", "Old promo", { kind: "text", text: "Use code SPRING" }, Date.now);
    expect((await ask(bob, "promo")).results).toHaveLength(1);

    t.fake.send(ada, { text: "/replies" });
    const menu = await latest(ADA, "💬 Saved replies");
    const step = async (label: string, expectPrefix: string) => {
      t.fake.press(ada, current(ADA, menu).message, button(current(ADA, menu), label));
      await t.fake.until(() => current(ADA, menu).message.text?.startsWith(expectPrefix));
    };
    await step("Team library (1)", "📚 Team library: 1 reply.");
    await step("Old promo", "📝 Old promo · text");
    await step("Delete", "Delete the saved reply “Old promo”?");
    await step("Yes, delete", "📚 Team library: no replies yet.");

    expect(t.app.db.$client.prepare("select count(*) n from saved_replies").get()).toEqual({ n: 0 });
    expect((await ask(bob, "promo")).results).toEqual([]);
  });
});

describe("who manages which replies", () => {
  it("lets an operator keep their own replies but not change the team library, by button or forged data", async () => {
    const team = addSavedReply(t.app.db, ADA, "team", "Greeting", { kind: "text", text: "Hello!" }, Date.now);
    if (!team.ok) throw new Error("setup");
    t.fake.send(bob, { text: "/replies" });
    const menu = await latest(BOB, "💬 Saved replies");
    t.fake.press(bob, menu.message, button(menu, "Team library"));
    await t.fake.until(() => current(BOB, menu).message.text?.includes("Only admins change the team library"));
    const teamView = current(BOB, menu);
    expect(JSON.stringify(teamView.message.reply_markup)).not.toContain("Add");

    const snapshot = () => JSON.stringify(t.app.db.$client.prepare("select * from saved_replies order by id").all());
    const before = snapshot();
    for (const data of ["oc:qa:0", `oc:qe:${team.reply.id}`, `oc:qd:${team.reply.id}`, `oc:qy:${team.reply.id}`]) {
      const q = t.fake.press(bob, teamView.message, data);
      await t.fake.until(() => t.fake.answered(q));
      expect(snapshot(), data).toBe(before);
    }
    // Nor did a forged Add start a dialogue that would take Bob's next message as a title.
    expect(t.fake.botMessages(BOB).some((s) => s.message.text?.startsWith("A new saved reply"))).toBe(false);

    // His own section is his to change.
    t.fake.press(bob, current(BOB, menu).message, `oc:ql:1:0`);
    await t.fake.until(() => current(BOB, menu).message.text?.startsWith("👤 Your own replies: none yet."));
    t.fake.press(bob, current(BOB, menu).message, button(current(BOB, menu), "Add"));
    await latest(BOB, "A new saved reply in your own replies");
    t.fake.send(bob, { text: "My sign-off" });
    await latest(BOB, "Now send the reply itself");
    t.fake.send(bob, { text: "Cheers, {operator_name}" });
    await latest(BOB, "✅ Saved “My sign-off”");
    expect(t.app.db.$client.prepare("select owner_id o, title, text from saved_replies where owner_id is not null").all()).toEqual([
      { o: BOB, title: "My sign-off", text: "Cheers, {operator_name}" },
    ]);
  });

  it("edits a reply in a dialogue (title kept with /skip) and leaves it as it was on /cancel", async () => {
    const made = addSavedReply(t.app.db, ADA, "team", "Hours", { kind: "text", text: "9 to 5" }, Date.now);
    if (!made.ok) throw new Error("setup");
    t.fake.send(ada, { text: "/replies" });
    const menu = await latest(ADA, "💬 Saved replies");
    t.fake.press(ada, menu.message, `oc:qe:${made.reply.id}`);
    await latest(ADA, "Editing “Hours”");
    t.fake.send(ada, { text: "/skip" });
    await latest(ADA, "Send the new reply");
    t.fake.send(ada, { text: "9 to 6, {client_name}" });
    await latest(ADA, "✅ Saved “Hours”");
    expect(t.app.db.$client.prepare("select title, text from saved_replies").get()).toEqual({
      title: "Hours",
      text: "9 to 6, {client_name}",
    });

    t.fake.press(ada, menu.message, `oc:qe:${made.reply.id}`);
    await t.fake.until(() => t.fake.botMessages(ADA).filter((s) => s.message.text?.startsWith("Editing")).length === 2);
    t.fake.send(ada, { text: "Renamed" });
    await t.fake.until(() => t.fake.botMessages(ADA).filter((s) => s.message.text?.startsWith("Send the new reply")).length === 2);
    t.fake.send(ada, { text: "/cancel" });
    await latest(ADA, "Cancelled. Nothing was changed.");
    expect(t.app.db.$client.prepare("select title, text from saved_replies").get()).toEqual({
      title: "Hours",
      text: "9 to 6, {client_name}",
    });
  });
});
