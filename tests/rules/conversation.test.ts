import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { operatorTopics } from "../../src/db/schema.js";
import { recordLocation } from "../../src/rules/chats.js";
import { answerTargetOf, conversationOf } from "../../src/rules/conversation.js";
import { recordOperatorReply } from "../../src/rules/replies.js";
import { rulesFixture, type RulesFixture } from "../support/rules-fixture.js";

let f: RulesFixture;
const ANN = 2;

beforeEach(() => {
  f = rulesFixture();
  f.operator(ANN, "Ann");
});
afterEach(() => f.close());

function topicFor(operatorId: number, chatId: number, threadId: number) {
  f.db
    .insert(operatorTopics)
    .values({ operatorId, chatId, threadId, name: `#${chatId}`, cardMessageId: null, createdAt: f.clock() })
    .run();
  return threadId;
}

describe("which chat an operator's message is about", () => {
  it("a client's topic decides: a plain message there is for that chat, quoting nothing", () => {
    const carol = f.clientWrites(500);
    const topic = topicFor(ANN, carol.id, 77);
    expect(answerTargetOf(f.db, ANN, { threadId: topic })).toEqual({ chatId: carol.id, messageId: null });
    // Telegram's mark on a plain topic message (a reply to the topic's service message) stands for nothing.
    expect(conversationOf(f.db, ANN, { threadId: topic, replyToTelegramMessageId: topic })).toBe(carol.id);
  });

  it("a reply in the topic to a message of its chat quotes it; one to another chat's message quotes nothing and stays in the topic's chat", () => {
    const carol = f.clientWrites(500, "carol's question");
    const dan = f.clientWrites(501, "dan's question");
    const topic = topicFor(ANN, carol.id, 77);
    const carolMessage = f.db.$client.prepare("select id from messages where chat_id = ?").pluck().get(carol.id) as number;
    const danMessage = f.db.$client.prepare("select id from messages where chat_id = ?").pluck().get(dan.id) as number;
    recordLocation(f.db, { telegramChatId: ANN, telegramMessageId: 9001 }, carol.id, carolMessage, "copy");
    recordLocation(f.db, { telegramChatId: ANN, telegramMessageId: 9002 }, dan.id, danMessage, "copy");
    expect(answerTargetOf(f.db, ANN, { threadId: topic, replyToTelegramMessageId: 9001 })).toEqual({
      chatId: carol.id,
      messageId: carolMessage,
    });
    expect(answerTargetOf(f.db, ANN, { threadId: topic, replyToTelegramMessageId: 9002 })).toEqual({ chatId: carol.id, messageId: null });
    // Outside a client's topic a reply decides, as in the stream.
    expect(answerTargetOf(f.db, ANN, { replyToTelegramMessageId: 9002 })).toEqual({ chatId: dan.id, messageId: danMessage });
  });

  it("another operator's topic, a hand-made topic and the general lane stand for no chat", () => {
    const carol = f.clientWrites(500);
    f.operator(3, "Ben");
    const bens = topicFor(3, carol.id, 77);
    expect(conversationOf(f.db, ANN, { threadId: bens })).toBeUndefined();
    expect(conversationOf(f.db, ANN, { threadId: 78 })).toBeUndefined();
    expect(conversationOf(f.db, ANN, {})).toBeUndefined();
    const outcome = recordOperatorReply(f.db, { operatorId: ANN, telegramMessageId: 5, threadId: 78, kind: "text", text: "hi" }, f.clock);
    expect(outcome.status).toBe("no_target");
  });

  it("an answer written in the topic is stored for the topic's chat and queued for that client only", () => {
    const carol = f.clientWrites(500);
    f.clientWrites(501);
    const topic = topicFor(ANN, carol.id, 77);
    const outcome = recordOperatorReply(
      f.db,
      { operatorId: ANN, telegramMessageId: 5, threadId: topic, kind: "text", text: "hi" },
      f.clock,
    );
    expect(outcome.status).toBe("sent");
    expect(
      f
        .outbox()
        .filter((r) => r.destination === "client")
        .map((r) => r.destinationChatId),
    ).toEqual([500]);
  });
});
