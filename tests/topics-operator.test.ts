import type { User } from "grammy/types";
import { beforeEach, describe, expect, it } from "vitest";
import { getChat } from "../src/rules/chats.js";
import { setSetting } from "../src/rules/settings.js";
import { button, labels } from "./support/buttons.js";
import { consoleForEachTest } from "./support/console.js";
import type { Stored } from "./support/fake-telegram/world.js";
import { addOperator } from "./support/team.js";
import { openTopic } from "./support/topics.js";

const ADA = 100;
const ANN = 101;
const BEN = 102;
const CLIENTS = { carol: 500, dan: 501, eve: 502 } as const;

const t = consoleForEachTest({ adminIds: [ADA], threadedBot: true });

let ann: User;
let ben: User;
let clients: Record<keyof typeof CLIENTS, User>;
/** Chat ids and each chat's topic in Ann's chat with the bot. */
let chat: Record<keyof typeof CLIENTS, number>;
let topic: Record<keyof typeof CLIENTS, number>;

beforeEach(async () => {
  t.fake.user(ADA, "Ada");
  ann = t.fake.user(ANN, "Ann");
  ben = t.fake.user(BEN, "Ben");
  addOperator(t.app.db, ann);
  addOperator(t.app.db, ben);
  clients = {
    carol: t.fake.user(CLIENTS.carol, "Carol"),
    dan: t.fake.user(CLIENTS.dan, "Dan"),
    eve: t.fake.user(CLIENTS.eve, "Eve"),
  };
  chat = { carol: 0, dan: 0, eve: 0 };
  topic = { carol: 0, dan: 0, eve: 0 };
  for (const name of ["carol", "dan", "eve"] as const) {
    t.fake.send(clients[name], { text: `hello from ${name}` });
    await t.fake.until(() => t.fake.botMessages(ANN).some((s) => s.message.text === `hello from ${name}`));
    chat[name] = t.app.db.$client.prepare("select id from chats where telegram_chat_id = ?").pluck().get(CLIENTS[name]) as number;
    topic[name] = await openTopic(t, ANN, chat[name]);
  }
});

/** What the bot put into one topic of an operator's chat (the topic's own service message left out). */
const inTopic = (op: number, threadId: number) =>
  t.fake.botMessages(op).filter((s) => s.message.message_thread_id === threadId && s.message.message_id !== threadId);
const texts = (messages: Stored[]) => messages.map((s) => s.message.text ?? s.message.caption);
const lastIn = (op: number, threadId: number, text: RegExp) =>
  t.fake.until(() => inTopic(op, threadId).findLast((s) => text.test(s.message.text ?? "")));
/** Everything the clients received from the bot since the start of the test. */
const received = (name: keyof typeof CLIENTS) => texts(t.fake.botMessages(CLIENTS[name]));
const current = (op: number, stored: Stored) => t.fake.world.find(op, stored.message.message_id)!;

describe("answering by writing in a client's topic", () => {
  it("a plain message in Carol's topic reaches Carol and only Carol, and so do its edit and a later album", async () => {
    const shown = texts(inTopic(ANN, topic.carol));
    const written = t.fake.send(ann, { text: "Hi Carol, checking" }, { threadId: topic.carol });
    // As Telegram does in forums: a plain topic message comes marked as a reply to the topic's service message.
    expect(written.reply_to_message?.message_id).toBe(topic.carol);
    await t.fake.until(() => received("carol").includes("Hi Carol, checking"));
    const copy = t.fake.callsOf("copyMessage").find((c) => c.params.chat_id === CLIENTS.carol)!;
    // Plain: the client's copy quotes nothing (not the card, not the service message).
    expect(copy.params.reply_parameters).toBeUndefined();
    expect(getChat(t.app.db, chat.carol)?.responsibleId).toBe(ANN);

    t.fake.edit(ann, written.message_id, "Hi Carol, checked");
    await t.fake.until(() => received("carol").includes("Hi Carol, checked"));

    t.fake.send(ann, { photo: true, caption: "two photos" }, { threadId: topic.carol, mediaGroupId: "ann-album" });
    t.fake.send(ann, { photo: true }, { threadId: topic.carol, mediaGroupId: "ann-album" });
    await t.fake.until(() => t.fake.botMessages(CLIENTS.carol).filter((s) => s.message.photo).length === 2, 8000);

    t.fake.send(ann, { text: "and in Dan's topic" }, { threadId: topic.dan });
    await t.fake.until(() => received("dan").includes("and in Dan's topic"));
    expect(received("dan")).toEqual(["and in Dan's topic"]);
    expect(received("eve")).toEqual([]);
    expect(received("carol")).toEqual(["Hi Carol, checked", "two photos", undefined]);
    // Ann was told nothing: answering in a topic needs no hint (the topic holds the card and Carol's message).
    // The card was edited in place (Ann answered, so she is responsible); nothing new was sent into the topic.
    expect(texts(inTopic(ANN, topic.carol))).toEqual([shown[0]?.replace("none (unassigned)", "you"), ...shown.slice(1)]);
  });

  it("a reply written in a topic still threads on the client's side; a reply there to another chat's message reaches only the topic's client", async () => {
    const carolCopy = t.fake.botMessages(ANN).find((s) => s.message.text === "hello from carol")!;
    const danCopy = t.fake.botMessages(ANN).find((s) => s.message.text === "hello from dan")!;
    t.fake.send(ann, { text: "about that" }, { threadId: topic.carol, replyTo: carolCopy.message.message_id });
    await t.fake.until(() => received("carol").includes("about that"));
    const carolOriginal = t.fake.world.messages(CLIENTS.carol).find((s) => s.message.text === "hello from carol")!;
    const threaded = t.fake.botMessages(CLIENTS.carol).find((s) => s.message.text === "about that")!;
    expect(threaded.message.reply_to_message?.message_id).toBe(carolOriginal.message.message_id);

    // Written in Carol's topic, though replying to Dan's message: it is Carol's, quoting nothing.
    t.fake.send(ann, { text: "for Carol only" }, { threadId: topic.carol, replyTo: danCopy.message.message_id });
    await t.fake.until(() => received("carol").includes("for Carol only"));
    expect(t.fake.botMessages(CLIENTS.carol).find((s) => s.message.text === "for Carol only")!.message.reply_to_message).toBeUndefined();
    expect(received("dan")).toEqual([]);
  });

  it("asks before answering someone else's chat, inside the topic, and the prompt's buttons work there", async () => {
    t.fake.send(
      ben,
      { text: "/claim" },
      { replyTo: t.fake.botMessages(BEN).find((s) => s.message.text === "hello from carol")!.message.message_id },
    );
    await t.fake.until(() => getChat(t.app.db, chat.carol)?.responsibleId === BEN);

    t.fake.send(ann, { text: "I can help" }, { threadId: topic.carol });
    const prompt = await lastIn(ANN, topic.carol, /Ben is responsible/);
    expect(labels(prompt)).toEqual(["Take over", "Send anyway", "Cancel"]);
    expect(received("carol")).toEqual([]);
    t.fake.press(ann, prompt.message, button(prompt, "Take over"));
    await t.fake.until(() => received("carol").includes("I can help"));
    await t.fake.until(() => current(ANN, prompt).message.text?.startsWith("✅ You are responsible for"));
    expect(getChat(t.app.db, chat.carol)?.responsibleId).toBe(ANN);
  });

  it("signs an answer written in a topic, as a reply is signed", async () => {
    expect(setSetting(t.app.db, ADA, "signReplies", true).ok).toBe(true);
    t.fake.send(ann, { text: "Signed answer" }, { threadId: topic.eve });
    await t.fake.until(() => received("eve").includes("Signed answer\n\n— Ann"));
    expect(received("carol")).toEqual([]);
  });

  it("tells the operator in the topic when the client blocked the bot", async () => {
    t.fake.block(clients.carol);
    t.fake.send(ann, { text: "are you there?" }, { threadId: topic.carol });
    await t.fake.until(() => getChat(t.app.db, chat.carol)?.clientBlocked);
    // The delivery's failure notice answers the operator's message, in the topic it was written in.
    await lastIn(ANN, topic.carol, /./);
    t.fake.send(ann, { text: "hello?" }, { threadId: topic.carol });
    const notice = await lastIn(ANN, topic.carol, /Not sent: #\d+ Carol has blocked the bot/);
    expect(notice.message.message_thread_id).toBe(topic.carol);
    expect(received("carol")).toEqual([]);
  });
});

describe("hints where no client is", () => {
  it("a plain message in the general lane is told to go to the client's topic", async () => {
    t.fake.send(ann, { text: "hello anyone" });
    const hint = await t.fake.until(() =>
      t.fake.botMessages(ANN).find((s) => s.message.text?.startsWith("To answer a client, write in their topic")),
    );
    expect(hint.message.message_thread_id).toBeUndefined();
    expect([...Object.keys(CLIENTS)].flatMap((n) => received(n as keyof typeof CLIENTS))).toEqual([]);
  });

  it("a topic the operator made is no client chat: its opening is ignored quietly, messages in it get the hint there", async () => {
    const before = t.fake.botMessages(ANN).length;
    const notes = t.fake.createTopic(ann, "my notes");
    t.fake.send(ann, { text: "remember the milk" }, { threadId: notes });
    const hint = await lastIn(ANN, notes, /^To answer a client, write in their topic/);
    expect(hint.message.message_thread_id).toBe(notes);
    // Only the hint: nothing answered the topic's creation.
    expect(t.fake.botMessages(ANN).length).toBe(before + 1);
    expect(getChat(t.app.db, chat.carol)?.responsibleId).toBeNull();
    expect(Object.values(CLIENTS).flatMap((id) => t.fake.botMessages(id))).toEqual([]);
  });

  it("an unknown command typed in a client's topic is for the bot, not the client", async () => {
    t.fake.send(ann, { text: "/refund 20" }, { threadId: topic.carol });
    await lastIn(ANN, topic.carol, /^Unknown command\./);
    expect(received("carol")).toEqual([]);
  });
});

describe("the card's actions typed as commands", () => {
  it("/close typed in a topic closes that chat and says so in the topic; /reopen reopens it", async () => {
    t.fake.send(ann, { text: "/close" }, { threadId: topic.dan });
    await lastIn(ANN, topic.dan, /^Closed\.$/);
    expect(getChat(t.app.db, chat.dan)?.status).toBe("closed");
    expect(getChat(t.app.db, chat.carol)?.status).toBe("open");
    expect(getChat(t.app.db, chat.eve)?.status).toBe("open");
    t.fake.send(ann, { text: "/reopen" }, { threadId: topic.dan });
    await lastIn(ANN, topic.dan, /^Reopened\.$/);
    expect(getChat(t.app.db, chat.dan)?.status).toBe("open");
    // Typed commands are for the bot: nothing reached a client.
    expect(received("dan")).toEqual([]);
  });

  it("/claim in a topic claims that chat; the guard answers the same as the card's", async () => {
    t.fake.send(ann, { text: "/claim" }, { threadId: topic.eve });
    await lastIn(ANN, topic.eve, /^The chat is yours\.$/);
    expect(getChat(t.app.db, chat.eve)?.responsibleId).toBe(ANN);
    const benCopy = t.fake.botMessages(BEN).find((s) => s.message.text === "hello from eve")!;
    t.fake.send(ben, { text: "/claim" }, { replyTo: benCopy.message.message_id });
    await t.fake.until(() => t.fake.botMessages(BEN).find((s) => s.message.text === "Already taken by Ann."));
    t.fake.send(ben, { text: "/close" }, { replyTo: benCopy.message.message_id });
    await t.fake.until(() =>
      t.fake.botMessages(BEN).find((s) => s.message.text === "Only the chat's responsible or an admin can do this."),
    );
    expect(getChat(t.app.db, chat.eve)?.status).toBe("open");
  });

  it("/history in a topic shows that chat's messages in the topic", async () => {
    t.fake.send(ann, { text: "/history" }, { threadId: topic.carol });
    const history = await lastIn(ANN, topic.carol, /^📜/);
    expect(history.message.text).toContain("hello from carol");
    expect(history.message.text).not.toContain("hello from dan");
    t.fake.press(ann, history.message, button(history, "Transcript"));
    const file = await t.fake.until(() => inTopic(ANN, topic.carol).find((s) => s.message.document));
    expect(file.message.document?.file_name).toBe(`chat-${chat.carol}.txt`);
  });

  it("/assign in a topic opens the card's assign menu there, and picking hands the chat over", async () => {
    t.fake.send(ann, { text: "/assign" }, { threadId: topic.carol });
    const menu = await t.fake.until(() => inTopic(ANN, topic.carol).find((s) => labels(s).some((l) => l.includes("Ben"))));
    expect(menu.message.text).toMatch(/^💬 #\d+ · Carol/);
    t.fake.press(ann, menu.message, button(menu, "Ben"));
    await t.fake.until(() => getChat(t.app.db, chat.carol)?.responsibleId === BEN);
  });

  it("/close in the general lane asks which chat, offering the operator's open chats; one tap closes it", async () => {
    t.fake.send(ann, { text: "/claim" }, { threadId: topic.carol });
    t.fake.send(ann, { text: "/claim" }, { threadId: topic.eve });
    await t.fake.until(() => getChat(t.app.db, chat.eve)?.responsibleId === ANN && getChat(t.app.db, chat.carol)?.responsibleId === ANN);
    t.fake.send(ann, { text: "/close" });
    const which = await t.fake.until(() => t.fake.botMessages(ANN).find((s) => s.message.text?.startsWith("Close which chat?")));
    expect(which.message.message_thread_id).toBeUndefined();
    expect(labels(which)).toEqual([`#${chat.eve} Eve`, `#${chat.carol} Carol`]);
    t.fake.press(ann, which.message, button(which, "Carol"));
    await t.fake.until(() => getChat(t.app.db, chat.carol)?.status === "closed");
    expect(getChat(t.app.db, chat.eve)?.status).toBe("open");
    // The list became Carol's card, showing the result.
    await t.fake.until(() => current(ANN, which).message.text?.startsWith(`💬 #${chat.carol} · Carol`));
    // A reply to it answers Carol, as a reply to any card does (and reopens her chat).
    t.fake.send(ann, { text: "one more thing" }, { replyTo: which.message.message_id });
    await t.fake.until(() => received("carol").includes("one more thing"));
    expect(received("eve")).toEqual([]);

    t.fake.send(ann, { text: "/assign" });
    const assignWhich = await t.fake.until(() => t.fake.botMessages(ANN).find((s) => s.message.text?.startsWith("Assign which chat?")));
    t.fake.press(ann, assignWhich.message, button(assignWhich, "Eve"));
    const menu = await t.fake.until(() => {
      const now = current(ANN, assignWhich);
      return labels(now).some((l) => l.includes("Ben")) ? now : undefined;
    });
    expect(menu.message.text).toMatch(/^💬 #\d+ · Eve/);
    t.fake.press(ann, menu.message, button(menu, "Ben"));
    await t.fake.until(() => getChat(t.app.db, chat.eve)?.responsibleId === BEN);
  });

  it("acts on the chat replied to in the stream too, and asks which when nothing is meant", async () => {
    const benCopy = t.fake.botMessages(BEN).find((s) => s.message.text === "hello from dan")!;
    t.fake.send(ben, { text: "/close" }, { replyTo: benCopy.message.message_id });
    await t.fake.until(() => getChat(t.app.db, chat.dan)?.status === "closed");
    t.fake.send(ben, { text: "/claim" });
    const which = await t.fake.until(() => t.fake.botMessages(BEN).find((s) => s.message.text?.startsWith("Claim which chat?")));
    expect(labels(which)).toEqual([`#${chat.eve} Eve`, `#${chat.carol} Carol`]);
    t.fake.send(ben, { text: "/history" });
    await t.fake.until(() => t.fake.botMessages(BEN).find((s) => s.message.text?.startsWith("You have no open chats.")));
  });
});
