import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createConsoleI18n } from "../../src/bot/create-bot.js";
import { getChat, touchChat } from "../../src/rules/chats.js";
import { claim } from "../../src/rules/responsibles.js";
import { beginTopicOpening, chatOfTopic, forgetTopic, storeTopic, topicOf, topicState } from "../../src/rules/topics.js";
import { translator } from "../../src/views/i18n.js";
import { TOPIC_NAME_LIMIT, topicName } from "../../src/views/topics.js";
import { wordsIn } from "../../src/views/words.js";
import { type RulesFixture, rulesFixture } from "../support/rules-fixture.js";

let f: RulesFixture;
const [ANN, BEN] = [11, 12];
const english = wordsIn(translator(createConsoleI18n("en"), "en"), "en");

beforeEach(() => {
  f = rulesFixture();
  f.operator(ANN, "Ann");
  f.operator(BEN, "Ben");
});
afterEach(() => f.close());

describe("topics of the threaded inbox", () => {
  it("shows the state from each viewer's side: unassigned, mine, someone else's, closed, shared", () => {
    const chat = f.clientWrites(500);
    expect(topicState(getChat(f.db, chat.id)!, ANN)).toBe("unassigned");
    claim(f.db, chat.id, ANN, f.clock);
    expect(topicState(getChat(f.db, chat.id)!, ANN)).toBe("mine");
    expect(topicState(getChat(f.db, chat.id)!, BEN)).toBe("others");
    touchChat(f.db, chat.id, { status: "closed" });
    expect(topicState(getChat(f.db, chat.id)!, ANN)).toBe("closed");
    const group = f.clientWrites(-900, "hi", true);
    expect(topicState(getChat(f.db, group.id)!, ANN)).toBe("shared");
  });

  it("names a topic within 128 UTF-16 units, cut between characters", () => {
    const chat = f.clientWrites(500);
    // 200 family emoji (each 11 units, one grapheme): a cut anywhere but between them would break one.
    touchChat(f.db, chat.id, { title: "👨‍👩‍👧".repeat(200) });
    const name = topicName(f.db, chat.id, ANN, english)!;
    expect(name.length).toBeLessThanOrEqual(TOPIC_NAME_LIMIT);
    expect(name.startsWith("🔴 #1 · 👨‍👩‍👧")).toBe(true);
    expect(name.endsWith("👨‍👩‍👧…")).toBe(true);
    // No lone surrogate: every high surrogate is followed by a low one.
    expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(name)).toBe(false);
  });

  it("counts openings never recorded (crashes between createForumTopic and its record), and storing ends the opening", () => {
    const chat = f.clientWrites(500);
    expect(beginTopicOpening(f.db, ANN, chat.id, f.clock)).toBe(0);
    expect(beginTopicOpening(f.db, ANN, chat.id, f.clock)).toBe(1);
    storeTopic(f.db, ANN, chat.id, 77, "🔴 #1 · Client 500", f.clock);
    expect(topicOf(f.db, ANN, chat.id)).toEqual({ threadId: 77, name: "🔴 #1 · Client 500", cardMessageId: null });
    expect(chatOfTopic(f.db, ANN, 77)).toBe(chat.id);
    expect(beginTopicOpening(f.db, ANN, chat.id, f.clock)).toBe(0);
    forgetTopic(f.db, ANN, chat.id, 77);
    expect(chatOfTopic(f.db, ANN, 77)).toBeUndefined();
  });
});
