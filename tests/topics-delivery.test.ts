import { beforeEach, describe, expect, it } from "vitest";
import { assign, reopenChat } from "../src/rules/responsibles.js";
import { eventRecipients, notifyOperators } from "../src/rules/notifications.js";
import { setSetting } from "../src/rules/settings.js";
import { topicOf } from "../src/rules/topics.js";
import { button } from "./support/buttons.js";
import { consoleForEachTest } from "./support/console.js";
import type { Stored } from "./support/fake-telegram/world.js";
import { addOperator } from "./support/team.js";

const ADA = 100;
const BOB = 101;

const t = consoleForEachTest({ adminIds: [ADA], threadedBot: true });

beforeEach(() => {
  t.fake.user(ADA, "Ada");
  addOperator(t.app.db, t.fake.user(BOB, "Bob"), { notifyFilter: "all" });
});

/** The bot's messages in one topic of an operator's chat, the topic's service message left out. */
function inTopic(op: number, threadId: number): Stored[] {
  return t.fake.world.topicMessages(op, threadId).filter((s) => !s.message.forum_topic_created);
}

function topicNamed(op: number, includes: string) {
  return t.fake.world.topics(op).find((topic) => topic.name.includes(includes));
}

describe("the threaded inbox", () => {
  it("gives each client chat its own topic: card first, then the copies, no card between interleaved messages", async () => {
    const clients = [t.fake.user(500, "Carol", "carol"), t.fake.user(501, "Dan"), t.fake.user(502, "Eve")];
    for (let round = 0; round < 3; round++) for (const c of clients) t.fake.send(c, { text: `${c.first_name} ${round}` });
    for (const op of [ADA, BOB]) {
      await t.fake.until(() => t.fake.botMessages(op).filter((s) => s.message.text?.match(/ \d$/)).length === 9);
      const topics = t.fake.world.topics(op);
      expect(topics.map((topic) => topic.name).sort()).toEqual(["🔴 #1 · Carol (@carol)", "🔴 #2 · Dan", "🔴 #3 · Eve"]);
      for (const [i, c] of clients.entries()) {
        const topic = topicNamed(op, c.first_name)!;
        const shown = inTopic(op, topic.threadId);
        // The card is the topic's first message, the client's three messages follow, and nothing else.
        expect(shown[0]!.message.text).toContain(`#${i + 1} · ${c.first_name}`);
        expect(shown.slice(1).map((s) => s.message.text)).toEqual([0, 1, 2].map((r) => `${c.first_name} ${r}`));
        expect(topicOf(t.app.db, op, i + 1)).toMatchObject({ threadId: topic.threadId, cardMessageId: shown[0]!.message.message_id });
      }
      // Exactly one card per chat, and nothing relayed outside the topics.
      expect(t.fake.botMessages(op).filter((s) => s.message.text?.includes("Status:"))).toHaveLength(3);
      expect(t.fake.botMessages(op).filter((s) => s.message.message_thread_id === undefined)).toHaveLength(0);
    }
    const copies = t.fake.callsOf("copyMessage").filter((c) => c.params.chat_id === ADA);
    expect(copies).toHaveLength(9);
    for (const call of copies) {
      const chatId = Number(call.params.from_chat_id) - 499;
      expect(call.params.message_thread_id).toBe(topicOf(t.app.db, ADA, chatId)!.threadId);
    }
    expect(t.fake.callsOf("createForumTopic")).toHaveLength(6);
  });

  it("edits the card in place and renames the topic on claim, assign, close with reset, reopen; never renames for nothing", async () => {
    setSetting(t.app.db, ADA, "resetOnClose", true);
    const carol = t.fake.user(500, "Carol", "carol");
    t.fake.send(carol, { text: "hi" });
    await t.fake.until(() => inTopic(ADA, topicOf(t.app.db, ADA, 1)?.threadId ?? -1).length === 2);
    await t.fake.until(() => topicOf(t.app.db, BOB, 1)?.cardMessageId);
    const card = () => t.fake.world.find(ADA, topicOf(t.app.db, ADA, 1)!.cardMessageId!)!;
    const names = () => [ADA, BOB].map((op) => t.fake.world.topics(op)[0]!.name);
    const renames = () => t.fake.callsOf("editForumTopic").length;

    t.fake.press(t.fake.world.user(ADA, "Ada"), card().message, button(card(), "Claim"));
    await t.fake.until(() => names()[0] === "🟢 #1 · Carol (@carol)" && names()[1] === "🔵 #1 · Carol (@carol)");
    await t.fake.until(() => card().message.text?.includes("Responsible: you"));
    expect(renames()).toBe(2);

    // Bob takes it: each side's name changes (mine ↔ someone else's).
    assign(t.app.db, 1, BOB, { operatorId: ADA }, Date.now);
    t.app.worker.kick();
    await t.fake.until(() => names()[0] === "🔵 #1 · Carol (@carol)" && names()[1] === "🟢 #1 · Carol (@carol)");
    expect(renames()).toBe(4);
    // The events about the chat are in its topic too.
    const told = await t.fake.until(() => t.fake.botMessages(BOB).find((s) => s.message.text?.includes("made you responsible")));
    expect(told.message.message_thread_id).toBe(topicOf(t.app.db, BOB, 1)!.threadId);

    // Activity that leaves the names as they are renames nothing: the client writes to Bob, the responsible.
    t.fake.send(carol, { text: "still there?" });
    await t.fake.until(() => inTopic(BOB, topicOf(t.app.db, BOB, 1)!.threadId).length === 3);
    expect(renames()).toBe(4);

    // Close with reset-on-close: closed for both; the card says so, edited in place.
    const bobCard = await t.fake.until(() => {
      const shown = t.fake.world.find(BOB, topicOf(t.app.db, BOB, 1)!.cardMessageId!)!;
      return shown.message.text?.includes("Responsible: you") && shown;
    });
    t.fake.press(t.fake.world.user(BOB, "Bob"), bobCard.message, button(bobCard, "Close"));
    await t.fake.until(() => names().every((n) => n === "✅ #1 · Carol (@carol)"));
    await t.fake.until(() => card().message.text?.includes("closed") && card().message.text?.includes("unassigned"));

    reopenChat(t.app.db, 1, ADA, Date.now);
    t.app.worker.kick();
    await t.fake.until(() => names().every((n) => n === "🔴 #1 · Carol (@carol)"));
    await t.fake.until(() => card().message.text?.includes("Status: open"));
    // One card per topic throughout: every change was an edit.
    for (const op of [ADA, BOB]) expect(t.fake.botMessages(op).filter((s) => s.message.text?.includes("Status:"))).toHaveLength(1);
    expect(card().edits).toBeGreaterThanOrEqual(4);
  });

  it("keeps an album together in the chat's topic", async () => {
    const carol = t.fake.user(500, "Carol");
    for (const i of [1, 2, 3]) t.fake.send(carol, { photo: true, caption: i === 1 ? "album" : undefined }, { mediaGroupId: "alb-1" });
    const album = await t.fake.until(() => {
      const got = t.fake.botMessages(ADA).filter((s) => s.message.media_group_id);
      return got.length === 3 ? got : undefined;
    });
    const thread = topicOf(t.app.db, ADA, 1)!.threadId;
    expect(album.map((s) => s.message.message_thread_id)).toEqual([thread, thread, thread]);
    expect(t.fake.callsOf("copyMessages").find((c) => c.params.chat_id === ADA)!.params.message_thread_id).toBe(thread);
  });

  it("opens a new topic when the operator deleted the chat's, and delivers the message there once", async () => {
    const carol = t.fake.user(500, "Carol");
    t.fake.send(carol, { text: "first" });
    await t.fake.until(() => t.fake.botMessages(ADA).some((s) => s.message.text === "first"));
    const old = topicOf(t.app.db, ADA, 1)!.threadId;
    t.fake.deleteTopic(t.fake.world.user(ADA, "Ada"), old);
    t.fake.send(carol, { text: "second" });
    await t.fake.until(() => t.fake.botMessages(ADA).some((s) => s.message.text === "second"));
    const now = topicOf(t.app.db, ADA, 1)!.threadId;
    expect(now).not.toBe(old);
    expect(inTopic(ADA, now).map((s) => s.message.text)).toEqual([expect.stringContaining("#1 · Carol"), "second"]);
    expect(t.fake.botMessages(ADA).filter((s) => s.message.text === "second")).toHaveLength(1);
    // Bob's topic was left alone.
    expect(t.fake.world.topics(BOB)).toHaveLength(1);
  });

  it("never relays a client into a topic the operator made by hand; team notices stay in the general lane", async () => {
    t.fake.world.botSettings.allowsUsersToCreateTopics = true;
    const own = t.fake.createTopic(t.fake.world.user(BOB, "Bob"), "my notes");
    const carol = t.fake.user(500, "Carol");
    t.fake.send(carol, { text: "hello" });
    await t.fake.until(() => t.fake.botMessages(BOB).some((s) => s.message.text === "hello"));
    expect(inTopic(BOB, own).filter((s) => s.message.from?.is_bot)).toHaveLength(0);
    const copy = t.fake.botMessages(BOB).find((s) => s.message.text === "hello")!;
    expect(copy.message.message_thread_id).toBe(topicOf(t.app.db, BOB, 1)!.threadId);
    // A notice about no one chat (a colleague joined) goes into the general lane.
    notifyOperators(t.app.db, eventRecipients(t.app.db, [BOB]), { kind: "joined", operator: "Cy" }, Date.now);
    t.app.worker.kick();
    const joined = await t.fake.until(() => t.fake.botMessages(BOB).find((s) => s.message.text?.includes("Cy")));
    expect(joined.message.message_thread_id).toBeUndefined();
  });

  it("/chats puts the chat's card into its topic, re-opening a deleted topic, instead of into the list", async () => {
    const carol = t.fake.user(500, "Carol");
    t.fake.send(carol, { text: "hello" });
    await t.fake.until(() => t.fake.botMessages(ADA).some((s) => s.message.text === "hello"));
    const ada = t.fake.world.user(ADA, "Ada");
    const old = topicOf(t.app.db, ADA, 1)!.threadId;
    t.fake.deleteTopic(ada, old);
    t.fake.send(ada, { text: "/chats" });
    const list = await t.fake.until(() => t.fake.botMessages(ADA).find((s) => s.message.text?.startsWith("Chats")));
    const query = t.fake.press(ada, list.message, button(list, "#1"));
    await t.fake.until(() => t.fake.answered(query));
    await t.fake.until(() => topicOf(t.app.db, ADA, 1)?.cardMessageId && topicOf(t.app.db, ADA, 1)!.threadId !== old);
    const topic = topicOf(t.app.db, ADA, 1)!;
    expect(inTopic(ADA, topic.threadId).map((s) => s.message.message_id)).toEqual([topic.cardMessageId]);
    expect(t.fake.botMessages(ADA).filter((s) => s.message.text?.includes("Status:") && !s.message.message_thread_id)).toHaveLength(0);

    // Opened again from the list: a fresh card in the same topic (which moves it up), kept up to date from then on.
    const again = t.fake.press(ada, list.message, button(list, "#1"));
    await t.fake.until(() => t.fake.answered(again));
    await t.fake.until(() => inTopic(ADA, topic.threadId).length === 2);
    await t.fake.until(() => topicOf(t.app.db, ADA, 1)!.cardMessageId === inTopic(ADA, topic.threadId)[1]!.message.message_id);
    expect(t.fake.world.topics(ADA).filter((x) => !x.deleted)).toHaveLength(1);
  });
});
