import { beforeEach, describe, expect, it } from "vitest";
import { getChatByTelegramId } from "../src/rules/chats.js";
import { pendingCount } from "../src/rules/outbox.js";
import { topicOf } from "../src/rules/topics.js";
import { consoleForEachTest } from "./support/console.js";

const ADA = 100;

// The same behaviour in both inbox modes: one stream with cards, or a topic per client chat.
describe.each(["stream", "threads"] as const)("%s inbox", (mode) => {
  const t = consoleForEachTest({ adminIds: [ADA], threadedBot: mode === "threads" });

  beforeEach(async () => {
    t.fake.user(ADA, "Ada");
  });

  const texts = (chatId: number) => t.fake.botMessages(chatId).map((s) => s.message.text);

  describe("delivery within Telegram's rules", () => {
    it("waits out a burst of 429s and delivers everything once, in order", async () => {
      t.fake.fault({
        method: /^(sendMessage|copyMessage)$/,
        chatId: ADA,
        times: 3,
        kind: { type: "error", code: 429, description: "Too Many Requests: retry after 1", retryAfter: 1 },
      });
      const carol = t.fake.user(500, "Carol");
      for (let i = 1; i <= 5; i++) t.fake.send(carol, { text: `m${i}` });
      await t.fake.until(() => texts(ADA).includes("m5"), 10_000);
      expect(texts(ADA).filter((line) => line?.startsWith("m"))).toEqual(["m1", "m2", "m3", "m4", "m5"]);
      expect(t.fake.calls.filter((c) => c.status === 429)).toHaveLength(3);
      // The retry came no sooner than Telegram asked.
      const limited = t.fake.calls.find((c) => c.status === 429)!;
      const retried = t.fake.calls.find((c) => c.at > limited.at && c.params.chat_id === ADA && c.status === 200)!;
      expect(retried.at - limited.at).toBeGreaterThanOrEqual(950);
    });

    it("retries 5xx and dropped connections without losing or doubling a message", async () => {
      t.fake.fault({ method: "copyMessage", chatId: ADA, times: 2, kind: { type: "error", code: 502, description: "Bad Gateway" } });
      t.fake.fault({ method: "copyMessage", chatId: ADA, times: 1, kind: { type: "drop", when: "before" } });
      t.fake.send(t.fake.user(500, "Carol"), { text: "through the storm" });
      await t.fake.until(() => texts(ADA).includes("through the storm"), 10_000);
      expect(texts(ADA).filter((line) => line === "through the storm")).toHaveLength(1);
      expect(t.fake.callsOf("copyMessage").length).toBe(4);
    });

    it("marks a client who blocked the bot, and tells the operator whose reply bounced", async () => {
      const carol = t.fake.user(500, "Carol");
      t.fake.send(carol, { text: "hi" });
      const copy = await t.fake.until(() => t.fake.botMessages(ADA).find((s) => s.message.text === "hi"));
      t.fake.world.blockedBy.add(carol.id);
      const reply = t.fake.send(t.fake.user(ADA, "Ada"), { text: "hello Carol" }, { replyTo: copy.message.message_id });
      // The notice answers the operator's own message, so they can tell which one bounced.
      const notice = await t.fake.until(() =>
        t.fake.botMessages(ADA).find((s) => s.message.reply_to_message?.message_id === reply.message_id),
      );
      expect(notice.message.text).toBe("⚠️ Not delivered to #1 Carol: the client has blocked the bot.");
      expect(getChatByTelegramId(t.app.db, carol.id)?.clientBlocked).toBe(true);
      // Nothing is retried against a blocked chat.
      const sendsToCarol = t.fake.calls.filter((c) => c.params.chat_id === carol.id).length;
      await new Promise((r) => setTimeout(r, 300));
      expect(t.fake.calls.filter((c) => c.params.chat_id === carol.id).length).toBe(sendsToCarol);
    });

    it("learns of a block from my_chat_member and refuses later replies up front", async () => {
      const carol = t.fake.user(500, "Carol");
      t.fake.send(carol, { text: "hi" });
      const copy = await t.fake.until(() => t.fake.botMessages(ADA).find((s) => s.message.text === "hi"));
      t.fake.block(carol);
      await t.fake.until(() => t.fake.botMessages(ADA).find((s) => s.message.text?.includes("has blocked the bot")));
      t.fake.send(t.fake.user(ADA, "Ada"), { text: "still there?" }, { replyTo: copy.message.message_id });
      const refusal = await t.fake.until(() => t.fake.botMessages(ADA).find((s) => s.message.text?.startsWith("⚠️ Not sent")));
      expect(refusal.message.text).toContain("has blocked the bot");
      expect(t.fake.calls.filter((c) => c.params.chat_id === carol.id)).toHaveLength(0);
    });

    it("shows the operator why Telegram refused their reply", async () => {
      const carol = t.fake.user(500, "Carol");
      t.fake.send(carol, { text: "hi" });
      const copy = await t.fake.until(() => t.fake.botMessages(ADA).find((s) => s.message.text === "hi"));
      t.fake.fault({
        method: "copyMessage",
        chatId: carol.id,
        times: 1,
        kind: { type: "error", code: 400, description: "Bad Request: message to copy not found" },
      });
      const reply = t.fake.send(t.fake.user(ADA, "Ada"), { text: "answer" }, { replyTo: copy.message.message_id });
      const notice = await t.fake.until(() => t.fake.botMessages(ADA).find((s) => s.message.text?.startsWith("⚠️ Not delivered")));
      expect(notice.message.text).toContain("no longer exists");
      expect(notice.message.reply_to_message?.message_id).toBe(reply.message_id);
      // The failure notice is about Carol's chat: in threaded mode it is in her topic, next to the reply.
      expect(notice.message.message_thread_id).toBe(copy.message.message_thread_id);
      if (mode === "threads") expect(notice.message.message_thread_id).toBe(topicOf(t.app.db, ADA, 1)!.threadId);
    });

    it("delivers rows left pending by a stop once it runs again", async () => {
      t.fake.fault({
        method: /^(sendMessage|copyMessage)$/,
        times: Infinity,
        kind: { type: "error", code: 500, description: "Internal Server Error" },
      });
      t.fake.send(t.fake.user(500, "Carol"), { text: "while Telegram was down" });
      await t.fake.until(() => t.fake.calls.some((c) => c.status === 500));
      await t.restart(() => t.fake.clearFaults());
      await t.fake.until(() => texts(ADA).includes("while Telegram was down"), 10_000);
      await t.fake.until(() => pendingCount(t.app.db) === 0);
      expect(texts(ADA).filter((line) => line === "while Telegram was down")).toHaveLength(1);
    });
  });
});
