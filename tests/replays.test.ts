import type { User } from "grammy/types";
import { beforeEach, describe, expect, it } from "vitest";
import { getChat } from "../src/rules/chats.js";
import { getSetting } from "../src/rules/settings.js";
import { button } from "./support/buttons.js";
import { consoleForEachTest } from "./support/console.js";
import { addOperator } from "./support/team.js";

const ADA = 100;
const BEN = 101;

const t = consoleForEachTest();

beforeEach(async () => {
  addOperator(t.app.db, t.fake.user(ADA, "Ada"), { role: "admin" });
  addOperator(t.app.db, t.fake.user(BEN, "Ben"));
});

const user = (id: number) => t.fake.world.chat(id)!.chat as unknown as User;
const failed = () => t.app.db.$client.prepare("select count(*) n from failed_updates").get();

describe("updates delivered twice or late", () => {
  it("gives a replayed button press and a replayed operator reply a single effect", async () => {
    const carol = t.fake.user(500, "Carol");
    t.fake.send(carol, { text: "hi" });
    const card = await t.fake.until(() => t.fake.botMessages(ADA).find((s) => s.message.text?.startsWith("💬 #1")));
    const claimData = button(card, "Claim");
    const drawn = structuredClone(card.message);
    const q = t.fake.press(user(ADA), drawn, claimData);
    await t.fake.until(() => t.fake.answered(q));
    const pressUpdate = { callback_query: { id: q, from: user(ADA), chat_instance: "ci", message: drawn as any, data: claimData } };
    t.fake.replay(pressUpdate);
    t.fake.replay(pressUpdate);
    const reply = t.fake.send(user(ADA), { text: "answer" }, { replyTo: card.message.message_id });
    await t.fake.until(() => t.fake.botMessages(carol.id).length === 1);
    t.fake.replay({ message: reply as any });
    t.fake.send(carol, { text: "marker" });
    await t.fake.until(() => t.fake.botMessages(ADA).some((s) => s.message.text === "marker"));
    expect(t.fake.botMessages(carol.id)).toHaveLength(1);
    expect(t.app.db.$client.prepare("select count(*) n from assignments").get()).toEqual({ n: 1 });
    expect(failed()).toEqual({ n: 0 });
  });

  it("makes one invite link for an /invite delivered three times, and answers each time with that link", async () => {
    const request = t.fake.send(user(ADA), { text: "/invite" });
    t.fake.replay({ message: request as any });
    t.fake.replay({ message: request as any });
    const answers = await t.fake.until(() => {
      const got = t.fake.botMessages(ADA).filter((s) => s.message.text?.includes("?start="));
      return got.length === 3 ? got : undefined;
    });
    expect(new Set(answers.map((s) => s.message.text)).size).toBe(1);
    expect(t.app.db.$client.prepare("select count(*) n from invites").get()).toEqual({ n: 1 });
  });

  it("holds a replayed reply to someone else's chat once: one held row, one prompt, and none after it was answered", async () => {
    const carol = t.fake.user(500, "Carol");
    t.fake.send(carol, { text: "hi" });
    const benCard = await t.fake.until(() => t.fake.botMessages(BEN).find((s) => s.message.text?.startsWith("💬 #1")));
    const adaCard = await t.fake.until(() => t.fake.botMessages(ADA).find((s) => s.message.text?.startsWith("💬 #1")));
    t.fake.press(user(BEN), benCard.message, button(benCard, "Claim"));
    await t.fake.until(() => getChat(t.app.db, 1)?.responsibleId === BEN);
    const prompts = () => t.fake.botMessages(ADA).filter((s) => s.message.text?.startsWith("✋"));
    const held = () => t.app.db.$client.prepare("select count(*) n from held_replies").get();

    const reply = t.fake.send(user(ADA), { text: "Ada here" }, { replyTo: adaCard.message.message_id });
    await t.fake.until(() => prompts().length === 1);
    t.fake.replay({ message: reply as any });
    t.fake.replay({ message: reply as any });
    // Ada does not follow Ben's chat: a new client's message marks that the replays were handled.
    t.fake.send(t.fake.user(501, "Dan"), { text: "marker" });
    await t.fake.until(() => t.fake.botMessages(ADA).some((s) => s.message.text === "marker"));
    expect(prompts()).toHaveLength(1);
    expect(held()).toEqual({ n: 1 });

    // Cancelled, then delivered again: the operator already decided, nothing is asked or sent.
    const prompt = prompts()[0]!;
    const q = t.fake.press(user(ADA), prompt.message, button(prompt, "Cancel"));
    await t.fake.until(() => t.fake.answered(q));
    const before = t.fake.botMessages(ADA).length;
    t.fake.replay({ message: reply as any });
    t.fake.send(t.fake.user(501, "Dan"), { text: "marker 2" });
    await t.fake.until(() => t.fake.botMessages(ADA).some((s) => s.message.text === "marker 2"));
    expect(
      t.fake
        .botMessages(ADA)
        .slice(before)
        .map((s) => s.message.text),
    ).toEqual(["marker 2"]);
    expect(held()).toEqual({ n: 1 });
    expect(t.fake.botMessages(carol.id)).toHaveLength(0);
    expect(failed()).toEqual({ n: 0 });
  });

  it("asks again when the prompt for a held reply never went out, and still holds the reply once", async () => {
    const carol = t.fake.user(500, "Carol");
    t.fake.send(carol, { text: "hi" });
    const benCard = await t.fake.until(() => t.fake.botMessages(BEN).find((s) => s.message.text?.startsWith("💬 #1")));
    const adaCard = await t.fake.until(() => t.fake.botMessages(ADA).find((s) => s.message.text?.startsWith("💬 #1")));
    t.fake.press(user(BEN), benCard.message, button(benCard, "Claim"));
    await t.fake.until(() => getChat(t.app.db, 1)?.responsibleId === BEN);
    // Telegram fails the prompt: the update is kept for a retry, which comes here as a replay.
    t.fake.fault({
      method: "sendMessage",
      chatId: ADA,
      times: 1,
      kind: { type: "error", code: 500, description: "Internal Server Error" },
    });
    const reply = t.fake.send(user(ADA), { text: "Ada here" }, { replyTo: adaCard.message.message_id });
    await t.fake.until(() => (failed() as { n: number }).n === 1);
    t.fake.replay({ message: reply as any });
    const prompt = await t.fake.until(() => t.fake.botMessages(ADA).find((s) => s.message.text?.startsWith("✋")));
    expect(t.app.db.$client.prepare("select count(*) n from held_replies").get()).toEqual({ n: 1 });
    t.fake.press(user(ADA), prompt.message, button(prompt, "Send anyway"));
    await t.fake.until(() => t.fake.botMessages(carol.id).some((s) => s.message.text === "Ada here"));
  });

  it("acts on presses that arrive out of order only as far as the chat's current state allows", async () => {
    t.fake.send(t.fake.user(500, "Carol"), { text: "hi" });
    const card = await t.fake.until(() => t.fake.botMessages(ADA).find((s) => s.message.text?.startsWith("💬 #1")));
    const drawn = structuredClone(card.message);
    const closeData = button(card, "Close");
    // Ben claims first; Ada's older Close press, drawn before the claim, arrives after it.
    const benCard = await t.fake.until(() => t.fake.botMessages(BEN).find((s) => s.message.text?.startsWith("💬 #1")));
    const claimQ = t.fake.press(user(BEN), benCard.message, button(benCard, "Claim"));
    const closeQ = t.fake.press(user(ADA), drawn, closeData);
    await t.fake.until(() => t.fake.answered(claimQ) && t.fake.answered(closeQ));
    expect(getChat(t.app.db, 1)).toMatchObject({ responsibleId: BEN, status: "open" });
  });

  it("still acts on a menu, a card and a take-over prompt drawn before a restart", async () => {
    t.fake.send(user(ADA), { text: "/settings" });
    const settings = await t.fake.until(() => t.fake.botMessages(ADA).find((s) => s.message.text?.startsWith("Team settings")));
    const carol = t.fake.user(500, "Carol");
    t.fake.send(carol, { text: "hi" });
    const benCard = await t.fake.until(() => t.fake.botMessages(BEN).find((s) => s.message.text?.startsWith("💬 #1")));
    const adaCard = await t.fake.until(() => t.fake.botMessages(ADA).find((s) => s.message.text?.startsWith("💬 #1")));
    t.fake.press(user(BEN), benCard.message, button(benCard, "Claim"));
    await t.fake.until(() => getChat(t.app.db, 1)?.responsibleId === BEN);
    t.fake.send(user(ADA), { text: "Ada here" }, { replyTo: adaCard.message.message_id });
    const prompt = await t.fake.until(() => t.fake.botMessages(ADA).find((s) => s.message.text?.startsWith("✋")));

    await t.restart();

    t.fake.press(user(ADA), settings.message, button(settings, "Reset responsible on close"));
    await t.fake.until(() => getSetting(t.app.db, "resetOnClose"));
    t.fake.press(user(ADA), prompt.message, button(prompt, "Send anyway"));
    await t.fake.until(() => t.fake.botMessages(carol.id).some((s) => s.message.text === "Ada here"));
    expect(getChat(t.app.db, 1)?.responsibleId).toBe(BEN);
    const fresh = t.fake.world.find(BEN, benCard.message.message_id)!;
    t.fake.press(user(BEN), fresh.message, button(fresh, "Close"));
    await t.fake.until(() => getChat(t.app.db, 1)?.status === "closed");
    expect(failed()).toEqual({ n: 0 });
  });
});
