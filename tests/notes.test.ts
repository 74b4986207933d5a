import type { User } from "grammy/types";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { claim } from "../src/rules/responsibles.js";
import { button } from "./support/buttons.js";
import { consoleForEachTest } from "./support/console.js";
import type { Stored } from "./support/fake-telegram/world.js";
import { serveApi } from "./support/http.js";
import { addOperator } from "./support/team.js";

const ADA = 100; // the responsible
const ANN = 101; // follows all chats
const BEN = 102; // follows only their own chats: not a follower of this one
const CLEO = 500;
const TOKEN = "integration-token-0123456789abcdef";

const t = consoleForEachTest();
const person = (id: number) => t.fake.world.chat(id)!.chat as unknown as User;
const texts = (id: number) => t.fake.botMessages(id).map((s) => s.message.text ?? "");
const noteCount = () => (t.app.db.$client.prepare("select count(*) n from chat_notes").get() as { n: number }).n;

beforeEach(async () => {
  addOperator(t.app.db, t.fake.user(ADA, "Ada"), { role: "admin" });
  addOperator(t.app.db, t.fake.user(ANN, "Ann"), { notifyFilter: "all" });
  addOperator(t.app.db, t.fake.user(BEN, "Ben"), { notifyFilter: "mine" });
  t.fake.send(t.fake.user(CLEO, "Cleo"), { text: "where is my parcel?" });
  await t.fake.until(() => texts(ADA).includes("where is my parcel?") && texts(ANN).includes("where is my parcel?"));
  expect(claim(t.app.db, 1, ADA, t.app.deps.clock).ok).toBe(true);
});

/** The copy of the client's message in an operator's chat. */
const copyIn = (id: number) => t.fake.botMessages(id).find((s) => s.message.text === "where is my parcel?")!;
const cardIn = (id: number) => t.fake.botMessages(id).find((s) => s.message.text?.startsWith("💬 #1"))!;

describe("/note", () => {
  it("shows the note to the responsible and followers, marked with its author, and never to the client or a non-follower", async () => {
    const clientCalls = () => t.fake.calls.filter((c) => c.method !== "getUpdates" && JSON.stringify(c.params.chat_id) === String(CLEO));
    const benBefore = t.fake.botMessages(BEN).length;
    const clientBefore = clientCalls().length;

    // A follower replies to the client's message with /note: the responsible sees it under their own copy.
    t.fake.send(person(ANN), { text: "/note promised a refund by Friday" }, { replyTo: copyIn(ANN).message.message_id });
    const seen = await t.fake.until(() => t.fake.botMessages(ADA).find((s) => s.message.text?.startsWith("📝")));
    expect(seen.message.text).toBe("📝 Note by Ann on #1 Cleo:\npromised a refund by Friday");
    expect((seen.message.reply_to_message as any)?.message_id).toBe(copyIn(ADA).message.message_id);
    const saved = await t.fake.until(() => texts(ANN).find((x) => x.startsWith("📝 Note saved")));
    expect(saved).toBe("📝 Note saved on #1 Cleo; one colleague is shown it. The client does not see it.");

    // The responsible notes on the card: the follower sees it; the author is not sent their own note.
    t.fake.send(person(ADA), { text: "/note VIP, be gentle" }, { replyTo: cardIn(ADA).message.message_id });
    await t.fake.until(() => texts(ANN).includes("📝 Note by Ada on #1 Cleo:\nVIP, be gentle"));
    await t.fake.until(() => texts(ADA).some((x) => x.startsWith("📝 Note saved")));
    expect(texts(ADA).filter((x) => x.includes("VIP, be gentle"))).toEqual([]);

    // Settle: anything else queued has gone out by the time a later command is answered.
    t.fake.send(person(BEN), { text: "/online" });
    await t.fake.until(() => texts(BEN).some((x) => x.startsWith("🟢")));
    await t.fake.until(
      () => (t.app.db.$client.prepare("select count(*) n from outbox where status = 'pending'").get() as { n: number }).n === 0,
    );
    expect(
      t.fake
        .botMessages(BEN)
        .slice(benBefore)
        .map((s) => s.message.text),
    ).toEqual([expect.stringMatching(/^🟢/)]);
    expect(clientCalls().slice(clientBefore)).toEqual([]);
    expect(t.fake.botMessages(CLEO)).toEqual([]);
    expect(t.app.db.$client.prepare("select author_operator_id a, author_name n, text from chat_notes order by id").all()).toEqual([
      { a: ANN, n: "Ann", text: "promised a refund by Friday" },
      { a: ADA, n: "Ada", text: "VIP, be gentle" },
    ]);
  });

  it("answers a /note that names no chat or has no text, and stores nothing", async () => {
    t.fake.send(person(ANN), { text: "/note forgot to reply" });
    await t.fake.until(() => texts(ANN).some((x) => x.startsWith("Which chat is the note for?")));
    t.fake.send(person(ANN), { text: "/note" }, { replyTo: copyIn(ANN).message.message_id });
    await t.fake.until(() => texts(ANN).some((x) => x.startsWith("Write the note after the command")));
    expect(noteCount()).toBe(0);
  });

  it("stores a replayed /note once", async () => {
    const sent = t.fake.send(person(ANN), { text: "/note once" }, { replyTo: copyIn(ANN).message.message_id });
    await t.fake.until(() => texts(ANN).some((x) => x.startsWith("📝 Note saved")));
    t.fake.replay({ message: sent as any });
    t.fake.send(person(ANN), { text: "/online" });
    await t.fake.until(() => texts(ANN).some((x) => x.startsWith("🟢")));
    expect(noteCount()).toBe(1);
    expect(texts(ANN).filter((x) => x.startsWith("📝 Note saved"))).toHaveLength(1);
  });

  it("takes a note written in the chat's topic in the threaded inbox", async () => {
    t.fake.world.botSettings.hasTopicsEnabled = true;
    const thread = t.fake.createTopic(person(ANN), "Cleo");
    t.app.db.$client
      .prepare("insert into operator_topics (operator_id, chat_id, thread_id, name, created_at) values (?, 1, ?, 'Cleo', 0)")
      .run(ANN, thread);
    t.fake.send(person(ANN), { text: "/note from the topic" }, { threadId: thread });
    await t.fake.until(() => texts(ADA).includes("📝 Note by Ann on #1 Cleo:\nfrom the topic"));
  });

  it("lists notes in History and the transcript, marked as notes", async () => {
    t.fake.send(person(ANN), { text: "/note promised a refund" }, { replyTo: copyIn(ANN).message.message_id });
    await t.fake.until(() => noteCount() === 1);
    const card = cardIn(ADA);
    t.fake.press(person(ADA), card.message, button(card, "History"));
    const history = await t.fake.until(() => t.fake.botMessages(ADA).find((s) => s.message.text?.startsWith("📜 #1")));
    expect(history.message.text).toMatch(/Cleo: where is my parcel\?\n.* 📝 Note by Ann: promised a refund$/);
    t.fake.press(person(ADA), history.message, button(history, "Transcript"));
    const doc = await t.fake.until(() => t.fake.botMessages(ADA).find((s: Stored) => s.message.document));
    const lines = t.fake.files.get(`${ADA}:${doc.message.message_id}`)!.trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/ 📝 Note by Ann: promised a refund$/);
  });
});

describe("notes in the API", () => {
  let server: Awaited<ReturnType<typeof serveApi>>;
  beforeEach(async () => {
    server = await serveApi(t.app, TOKEN);
  });
  afterEach(async () => {
    await server.close();
  });
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(server.base + path, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  it("adds a note as the integration, shows it to the followers, and lists it with the console's notes", async () => {
    t.fake.send(person(ANN), { text: "/note from Ann" }, { replyTo: copyIn(ANN).message.message_id });
    await t.fake.until(() => noteCount() === 1);
    const added = await call("POST", "/api/chats/1/notes", { text: "  CRM: order 4411 refunded  " });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ chatId: 1, author: null, text: "CRM: order 4411 refunded" });
    await t.fake.until(() => texts(ADA).includes("📝 Note by an integration on #1 Cleo:\nCRM: order 4411 refunded"));
    await t.fake.until(() => texts(ANN).includes("📝 Note by an integration on #1 Cleo:\nCRM: order 4411 refunded"));
    const list = await call("GET", "/api/chats/1/notes");
    expect(list.status).toBe(200);
    expect(list.body.notes.map((n: any) => [n.author, n.text])).toEqual([
      [{ id: ANN, name: "Ann" }, "from Ann"],
      [null, "CRM: order 4411 refunded"],
    ]);
    expect(t.fake.botMessages(CLEO)).toEqual([]);
  });

  it("refuses an empty or unknown-chat note and stores nothing", async () => {
    expect((await call("POST", "/api/chats/1/notes", { text: "   " })).status).toBe(400);
    expect((await call("POST", "/api/chats/1/notes", {})).body.field).toBe("text");
    expect((await call("POST", "/api/chats/1/notes", { text: "x".repeat(3501) })).status).toBe(400);
    expect((await call("POST", "/api/chats/99/notes", { text: "hi" })).status).toBe(404);
    expect((await call("GET", "/api/chats/99/notes")).status).toBe(404);
    expect(noteCount()).toBe(0);
  });
});
