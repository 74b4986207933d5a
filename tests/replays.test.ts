import type { User } from "grammy/types";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getChat } from "../src/rules/chats.js";
import { getSetting } from "../src/rules/settings.js";
import { FakeTelegram } from "./support/fake-telegram/server.js";
import { button } from "./support/buttons.js";
import { type RunningConsole, startConsole, tempDir } from "./support/console.js";
import { addOperator } from "./support/team.js";

let fake: FakeTelegram;
let dir: ReturnType<typeof tempDir>;
let app: RunningConsole;
const ADA = 100;
const BEN = 101;
const start = () => startConsole(fake, { dbPath: `${dir.path}/c.sqlite` });

beforeEach(async () => {
  fake = await new FakeTelegram().start();
  dir = tempDir();
  app = await start();
  addOperator(app.db, fake.user(ADA, "Ada"), { role: "admin" });
  addOperator(app.db, fake.user(BEN, "Ben"));
});

afterEach(async () => {
  await app.stop();
  await fake.stop();
  dir.remove();
});

const user = (id: number) => fake.world.chat(id)!.chat as unknown as User;
const failed = () => app.db.$client.prepare("select count(*) n from failed_updates").get();

describe("updates delivered twice or late", () => {
  it("gives a replayed button press and a replayed operator reply a single effect", async () => {
    const carol = fake.user(500, "Carol");
    fake.send(carol, { text: "hi" });
    const card = await fake.until(() => fake.botMessages(ADA).find((s) => s.message.text?.startsWith("💬 #1")));
    const claimData = button(card, "Claim");
    const drawn = structuredClone(card.message);
    const q = fake.press(user(ADA), drawn, claimData);
    await fake.until(() => fake.answered(q));
    const pressUpdate = { callback_query: { id: q, from: user(ADA), chat_instance: "ci", message: drawn as any, data: claimData } };
    fake.replay(pressUpdate);
    fake.replay(pressUpdate);
    const reply = fake.send(user(ADA), { text: "answer" }, { replyTo: card.message.message_id });
    await fake.until(() => fake.botMessages(carol.id).length === 1);
    fake.replay({ message: reply as any });
    fake.send(carol, { text: "marker" });
    await fake.until(() => fake.botMessages(ADA).some((s) => s.message.text === "marker"));
    expect(fake.botMessages(carol.id)).toHaveLength(1);
    expect(app.db.$client.prepare("select count(*) n from assignments").get()).toEqual({ n: 1 });
    expect(failed()).toEqual({ n: 0 });
  });

  it("acts on presses that arrive out of order only as far as the chat's current state allows", async () => {
    fake.send(fake.user(500, "Carol"), { text: "hi" });
    const card = await fake.until(() => fake.botMessages(ADA).find((s) => s.message.text?.startsWith("💬 #1")));
    const drawn = structuredClone(card.message);
    const closeData = button(card, "Close");
    // Ben claims first; Ada's older Close press, drawn before the claim, arrives after it.
    const benCard = await fake.until(() => fake.botMessages(BEN).find((s) => s.message.text?.startsWith("💬 #1")));
    const claimQ = fake.press(user(BEN), benCard.message, button(benCard, "Claim"));
    const closeQ = fake.press(user(ADA), drawn, closeData);
    await fake.until(() => fake.answered(claimQ) && fake.answered(closeQ));
    expect(getChat(app.db, 1)).toMatchObject({ responsibleId: BEN, status: "open" });
  });

  it("still acts on a menu, a card and a take-over prompt drawn before a restart", async () => {
    fake.send(user(ADA), { text: "/settings" });
    const settings = await fake.until(() => fake.botMessages(ADA).find((s) => s.message.text?.startsWith("Team settings")));
    const carol = fake.user(500, "Carol");
    fake.send(carol, { text: "hi" });
    const benCard = await fake.until(() => fake.botMessages(BEN).find((s) => s.message.text?.startsWith("💬 #1")));
    const adaCard = await fake.until(() => fake.botMessages(ADA).find((s) => s.message.text?.startsWith("💬 #1")));
    fake.press(user(BEN), benCard.message, button(benCard, "Claim"));
    await fake.until(() => getChat(app.db, 1)?.responsibleId === BEN);
    fake.send(user(ADA), { text: "Ada here" }, { replyTo: adaCard.message.message_id });
    const prompt = await fake.until(() => fake.botMessages(ADA).find((s) => s.message.text?.startsWith("✋")));

    await app.stop();
    app = await start();

    fake.press(user(ADA), settings.message, button(settings, "Reset responsible on close"));
    await fake.until(() => getSetting(app.db, "resetOnClose"));
    fake.press(user(ADA), prompt.message, button(prompt, "Send anyway"));
    await fake.until(() => fake.botMessages(carol.id).some((s) => s.message.text === "Ada here"));
    expect(getChat(app.db, 1)?.responsibleId).toBe(BEN);
    const fresh = fake.world.find(BEN, benCard.message.message_id)!;
    fake.press(user(BEN), fresh.message, button(fresh, "Close"));
    await fake.until(() => getChat(app.db, 1)?.status === "closed");
    expect(failed()).toEqual({ n: 0 });
  });
});
