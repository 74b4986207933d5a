import { beforeEach, describe, expect, it } from "vitest";
import { getChat } from "../src/rules/chats.js";
import { pendingCount } from "../src/rules/outbox.js";
import { topicOf } from "../src/rules/topics.js";
import { watchdogTick } from "../src/rules/watchdog.js";
import { button, labels } from "./support/buttons.js";
import { consoleForEachTest } from "./support/console.js";
import { addOperator } from "./support/team.js";

let offset = 0;
const MIN = 60_000;
const ANN = 101;
const BEN = 102;
const CAT = 103;
// Midday today, running on: "available" means seen online today, so a run just before midnight must not
// carry the test's ten minutes into the next day.
const midday = new Date().setUTCHours(12, 0, 0, 0);
const start = Date.now();
const clock = () => midday + (Date.now() - start) + offset;

// The same behaviour in both inbox modes: one stream with cards, or a topic per client chat.
describe.each(["stream", "threads"] as const)("%s inbox", (mode) => {
  const t = consoleForEachTest({ clock, threadedBot: mode === "threads" });

  beforeEach(async () => {
    offset = 0;
    addOperator(t.app.db, t.fake.user(ANN, "Ann"));
    // Ben is online and follows new chats; Cat is online but follows only her own chats.
    addOperator(t.app.db, t.fake.user(BEN, "Ben"), { availability: "online", lastSeenOnlineAt: clock() });
    addOperator(t.app.db, t.fake.user(CAT, "Cat"), { availability: "online", lastSeenOnlineAt: clock(), notifyFilter: "mine" });
  });

  async function tick() {
    const result = watchdogTick(t.app.db, clock);
    t.app.worker.kick();
    await t.fake.until(() => pendingCount(t.app.db) === 0);
    return result;
  }

  const texts = (id: number) => t.fake.botMessages(id).map((s) => s.message.text ?? "");

  describe("no client is left unanswered unnoticed", () => {
    it("reminds the responsible after N minutes, alerts the available team after 2N, across a restart", async () => {
      const carol = t.fake.user(500, "Carol");
      t.fake.send(carol, { text: "anyone?" });
      await t.fake.until(() => texts(ANN).includes("anyone?"));
      const annCard = t.fake.botMessages(ANN).find((s) => s.message.text?.startsWith("💬 #1"))!;
      t.fake.press(t.fake.world.chat(ANN)!.chat as any, annCard.message, button(annCard, "Claim"));
      await t.fake.until(() => getChat(t.app.db, 1)?.responsibleId === ANN);

      offset = 4 * MIN;
      expect(await tick()).toEqual({ reminded: [], escalated: [] });
      offset = 5 * MIN + 1000;
      expect(await tick()).toEqual({ reminded: [1], escalated: [] });
      expect(texts(ANN).filter((line) => line.startsWith("⏰"))).toEqual(["⏰ #1 Carol has waited 5 min for your answer."]);
      expect(texts(BEN).some((line) => line.startsWith("⏰"))).toBe(false);
      // Ticking again does not repeat the reminder.
      expect(await tick()).toEqual({ reminded: [], escalated: [] });

      // The timers are rows, not timeouts: a restart neither loses nor repeats them.
      await t.restart();
      offset = 10 * MIN + 1000;
      expect(await tick()).toEqual({ reminded: [], escalated: [1] });
      const alert = t.fake.botMessages(BEN).find((s) => s.message.text?.startsWith("🆘"))!;
      expect(alert.message.text).toContain("🆘 #1 Carol has waited 10 min without an answer.");
      expect(labels(alert)).toContain("🆘 Take it");
      // An alert about Carol's chat: in threaded mode it goes into Ben's topic for her chat.
      expect(alert.message.message_thread_id).toBe(mode === "threads" ? topicOf(t.app.db, BEN, 1)!.threadId : undefined);
      expect(texts(ANN).some((line) => line.startsWith("🆘"))).toBe(true);
      expect(texts(CAT).some((line) => line.startsWith("🆘"))).toBe(false);

      t.fake.press(t.fake.world.chat(BEN)!.chat as any, alert.message, button(alert, "Take it"));
      await t.fake.until(() => getChat(t.app.db, 1)?.responsibleId === BEN);
      await t.fake.until(() => texts(ANN).some((line) => line.includes("Ben took #1 Carol from you")));
      t.fake.send(t.fake.world.chat(BEN)!.chat as any, { text: "Sorry for the wait!" }, { replyTo: alert.message.message_id });
      await t.fake.until(() => t.fake.botMessages(carol.id).some((s) => s.message.text === "Sorry for the wait!"));
      offset = 60 * MIN;
      expect(await tick()).toEqual({ reminded: [], escalated: [] });
    });

    it("stays quiet for a chat answered in time, and for any chat when switched off", async () => {
      const carol = t.fake.user(500, "Carol");
      t.fake.send(carol, { text: "question" });
      const copy = await t.fake.until(() => t.fake.botMessages(BEN).find((s) => s.message.text === "question"));
      t.fake.send(t.fake.world.chat(BEN)!.chat as any, { text: "answer" }, { replyTo: copy.message.message_id });
      await t.fake.until(() => getChat(t.app.db, 1)?.awaitingReplySince === null);
      offset = 30 * MIN;
      expect(await tick()).toEqual({ reminded: [], escalated: [] });

      t.fake.send(t.fake.user(501, "Dan"), { text: "hello?" });
      await t.fake.until(() => texts(BEN).includes("hello?"));
      t.app.db.$client.prepare("insert into settings (key, value) values ('watchdogMinutes', '0')").run();
      offset = 120 * MIN;
      expect(await tick()).toEqual({ reminded: [], escalated: [] });
    });
  });
});
