import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getChat } from "../src/rules/chats.js";
import { pendingCount } from "../src/rules/outbox.js";
import { watchdogTick } from "../src/rules/watchdog.js";
import { FakeTelegram } from "./support/fake-telegram/server.js";
import { button, labels } from "./support/buttons.js";
import { type RunningConsole, startConsole, tempDir } from "./support/console.js";
import { addOperator } from "./support/team.js";

let fake: FakeTelegram;
let dir: ReturnType<typeof tempDir>;
let app: RunningConsole;
let offset = 0;
const MIN = 60_000;
const ANN = 101;
const BEN = 102;
const CAT = 103;
const clock = () => Date.now() + offset;
const start = () => startConsole(fake, { dbPath: `${dir.path}/c.sqlite`, clock });

beforeEach(async () => {
  offset = 0;
  fake = await new FakeTelegram().start();
  dir = tempDir();
  app = await start();
  addOperator(app.db, fake.user(ANN, "Ann"));
  // Ben is online and follows new chats; Cat is online but follows only her own chats.
  addOperator(app.db, fake.user(BEN, "Ben"), { availability: "online", lastSeenOnlineAt: Date.now() });
  addOperator(app.db, fake.user(CAT, "Cat"), { availability: "online", lastSeenOnlineAt: Date.now(), notifyFilter: "mine" });
});

afterEach(async () => {
  await app.stop();
  await fake.stop();
  dir.remove();
});

async function tick() {
  const result = watchdogTick(app.db, clock);
  app.worker.kick();
  await fake.until(() => pendingCount(app.db) === 0);
  return result;
}

const texts = (id: number) => fake.botMessages(id).map((s) => s.message.text ?? "");

describe("no client is left unanswered unnoticed", () => {
  it("reminds the responsible after N minutes, alerts the available team after 2N, across a restart", async () => {
    const carol = fake.user(500, "Carol");
    fake.send(carol, { text: "anyone?" });
    await fake.until(() => texts(ANN).includes("anyone?"));
    const annCard = fake.botMessages(ANN).find((s) => s.message.text?.startsWith("💬 #1"))!;
    fake.press(fake.world.chat(ANN)!.chat as any, annCard.message, button(annCard, "Claim"));
    await fake.until(() => getChat(app.db, 1)?.responsibleId === ANN);

    offset = 4 * MIN;
    expect(await tick()).toEqual({ reminded: [], escalated: [] });
    offset = 5 * MIN + 1000;
    expect(await tick()).toEqual({ reminded: [1], escalated: [] });
    expect(texts(ANN).filter((t) => t.startsWith("⏰"))).toEqual(["⏰ #1 Carol has waited 5 min for your answer."]);
    expect(texts(BEN).some((t) => t.startsWith("⏰"))).toBe(false);
    // Ticking again does not repeat the reminder.
    expect(await tick()).toEqual({ reminded: [], escalated: [] });

    // The timers are rows, not timeouts: a restart neither loses nor repeats them.
    await app.stop();
    app = await start();
    offset = 10 * MIN + 1000;
    expect(await tick()).toEqual({ reminded: [], escalated: [1] });
    const alert = fake.botMessages(BEN).find((s) => s.message.text?.startsWith("🆘"))!;
    expect(alert.message.text).toContain("🆘 #1 Carol has waited 10 min without an answer.");
    expect(labels(alert)).toContain("🆘 Take it");
    expect(texts(ANN).some((t) => t.startsWith("🆘"))).toBe(true);
    expect(texts(CAT).some((t) => t.startsWith("🆘"))).toBe(false);

    fake.press(fake.world.chat(BEN)!.chat as any, alert.message, button(alert, "Take it"));
    await fake.until(() => getChat(app.db, 1)?.responsibleId === BEN);
    await fake.until(() => texts(ANN).some((t) => t.includes("Ben took #1 Carol from you")));
    fake.send(fake.world.chat(BEN)!.chat as any, { text: "Sorry for the wait!" }, { replyTo: alert.message.message_id });
    await fake.until(() => fake.botMessages(carol.id).some((s) => s.message.text === "Sorry for the wait!"));
    offset = 60 * MIN;
    expect(await tick()).toEqual({ reminded: [], escalated: [] });
  });

  it("stays quiet for a chat answered in time, and for any chat when switched off", async () => {
    const carol = fake.user(500, "Carol");
    fake.send(carol, { text: "question" });
    const copy = await fake.until(() => fake.botMessages(BEN).find((s) => s.message.text === "question"));
    fake.send(fake.world.chat(BEN)!.chat as any, { text: "answer" }, { replyTo: copy.message.message_id });
    await fake.until(() => getChat(app.db, 1)?.awaitingReplySince === null);
    offset = 30 * MIN;
    expect(await tick()).toEqual({ reminded: [], escalated: [] });

    fake.send(fake.user(501, "Dan"), { text: "hello?" });
    await fake.until(() => texts(BEN).includes("hello?"));
    app.db.$client.prepare("insert into settings (key, value) values ('watchdogMinutes', '0')").run();
    offset = 120 * MIN;
    expect(await tick()).toEqual({ reminded: [], escalated: [] });
  });
});
