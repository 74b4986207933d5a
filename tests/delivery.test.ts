import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getChatByTelegramId } from "../src/rules/chats.js";
import { pendingCount } from "../src/rules/outbox.js";
import { FakeTelegram } from "./support/fake-telegram/server.js";
import { type RunningConsole, startConsole, tempDir } from "./support/console.js";

let fake: FakeTelegram;
let dir: ReturnType<typeof tempDir>;
let app: RunningConsole;
const ADA = 100;

beforeEach(async () => {
  fake = await new FakeTelegram().start();
  fake.user(ADA, "Ada");
  dir = tempDir();
  app = await startConsole(fake, { dbPath: `${dir.path}/c.sqlite`, adminIds: [ADA] });
});

afterEach(async () => {
  await app.stop();
  await fake.stop();
  dir.remove();
});

const texts = (chatId: number) => fake.botMessages(chatId).map((s) => s.message.text);

describe("delivery within Telegram's rules", () => {
  it("waits out a burst of 429s and delivers everything once, in order", async () => {
    fake.fault({ method: /^(sendMessage|copyMessage)$/, chatId: ADA, times: 3, kind: { type: "error", code: 429, description: "Too Many Requests: retry after 1", retryAfter: 1 } });
    const carol = fake.user(500, "Carol");
    for (let i = 1; i <= 5; i++) fake.send(carol, { text: `m${i}` });
    await fake.until(() => texts(ADA).includes("m5"), 10_000);
    expect(texts(ADA).filter((t) => t?.startsWith("m"))).toEqual(["m1", "m2", "m3", "m4", "m5"]);
    expect(fake.calls.filter((c) => c.status === 429)).toHaveLength(3);
    // The retry came no sooner than Telegram asked.
    const limited = fake.calls.find((c) => c.status === 429)!;
    const retried = fake.calls.find((c) => c.at > limited.at && c.params.chat_id === ADA && c.status === 200)!;
    expect(retried.at - limited.at).toBeGreaterThanOrEqual(950);
  });

  it("retries 5xx and dropped connections without losing or doubling a message", async () => {
    fake.fault({ method: "copyMessage", chatId: ADA, times: 2, kind: { type: "error", code: 502, description: "Bad Gateway" } });
    fake.fault({ method: "copyMessage", chatId: ADA, times: 1, kind: { type: "drop", when: "before" } });
    fake.send(fake.user(500, "Carol"), { text: "through the storm" });
    await fake.until(() => texts(ADA).includes("through the storm"), 10_000);
    expect(texts(ADA).filter((t) => t === "through the storm")).toHaveLength(1);
    expect(fake.callsOf("copyMessage").length).toBe(4);
  });

  it("marks a client who blocked the bot, and tells the operator whose reply bounced", async () => {
    const carol = fake.user(500, "Carol");
    fake.send(carol, { text: "hi" });
    const copy = await fake.until(() => fake.botMessages(ADA).find((s) => s.message.text === "hi"));
    fake.world.blockedBy.add(carol.id);
    const reply = fake.send(fake.user(ADA, "Ada"), { text: "hello Carol" }, { replyTo: copy.message.message_id });
    // The notice answers the operator's own message, so they can tell which one bounced.
    const notice = await fake.until(() => fake.botMessages(ADA).find((s) => s.message.reply_to_message?.message_id === reply.message_id));
    expect(notice.message.text).toBe("⚠️ Not delivered to #1 Carol: the client has blocked the bot.");
    expect(getChatByTelegramId(app.db, carol.id)?.clientBlocked).toBe(true);
    // Nothing is retried against a blocked chat.
    const sendsToCarol = fake.calls.filter((c) => c.params.chat_id === carol.id).length;
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.calls.filter((c) => c.params.chat_id === carol.id).length).toBe(sendsToCarol);
  });

  it("learns of a block from my_chat_member and refuses later replies up front", async () => {
    const carol = fake.user(500, "Carol");
    fake.send(carol, { text: "hi" });
    const copy = await fake.until(() => fake.botMessages(ADA).find((s) => s.message.text === "hi"));
    fake.block(carol);
    await fake.until(() => fake.botMessages(ADA).find((s) => s.message.text?.includes("has blocked the bot")));
    fake.send(fake.user(ADA, "Ada"), { text: "still there?" }, { replyTo: copy.message.message_id });
    const refusal = await fake.until(() => fake.botMessages(ADA).find((s) => s.message.text?.startsWith("⚠️ Not sent")));
    expect(refusal.message.text).toContain("has blocked the bot");
    expect(fake.calls.filter((c) => c.params.chat_id === carol.id)).toHaveLength(0);
  });

  it("shows the operator why Telegram refused their reply", async () => {
    const carol = fake.user(500, "Carol");
    fake.send(carol, { text: "hi" });
    const copy = await fake.until(() => fake.botMessages(ADA).find((s) => s.message.text === "hi"));
    fake.fault({ method: "copyMessage", chatId: carol.id, times: 1, kind: { type: "error", code: 400, description: "Bad Request: message to copy not found" } });
    const reply = fake.send(fake.user(ADA, "Ada"), { text: "answer" }, { replyTo: copy.message.message_id });
    const notice = await fake.until(() => fake.botMessages(ADA).find((s) => s.message.text?.startsWith("⚠️ Not delivered")));
    expect(notice.message.text).toContain("no longer exists");
    expect(notice.message.reply_to_message?.message_id).toBe(reply.message_id);
  });

  it("delivers rows left pending by a stop once it runs again", async () => {
    fake.fault({ method: /^(sendMessage|copyMessage)$/, times: Infinity, kind: { type: "error", code: 500, description: "Internal Server Error" } });
    fake.send(fake.user(500, "Carol"), { text: "while Telegram was down" });
    await fake.until(() => fake.calls.some((c) => c.status === 500));
    await app.stop();
    fake.clearFaults();
    app = await startConsole(fake, { dbPath: `${dir.path}/c.sqlite`, adminIds: [ADA] });
    await fake.until(() => texts(ADA).includes("while Telegram was down"), 10_000);
    await fake.until(() => pendingCount(app.db) === 0);
    expect(texts(ADA).filter((t) => t === "while Telegram was down")).toHaveLength(1);
  });
});
