import { afterEach, describe, expect, it } from "vitest";
import type { InboxSetting } from "../src/inbox.js";
import { topicOf } from "../src/rules/topics.js";
import { runMain } from "./support/child-bot.js";
import { type RunningConsole, startConsole, tempDir } from "./support/console.js";
import { FakeTelegram, TOKEN } from "./support/fake-telegram/server.js";

const ADA = 100;
const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function setUp(hasTopics: boolean) {
  const fake = await new FakeTelegram().start();
  cleanup.push(() => fake.stop());
  fake.world.botSettings.hasTopicsEnabled = hasTopics;
  const dir = tempDir();
  cleanup.push(() => dir.remove());
  fake.user(ADA, "Ada");
  const dbPath = `${dir.path}/c.sqlite`;
  let app: RunningConsole | undefined;
  const start = async (inbox: InboxSetting) => {
    app = await startConsole(fake, { dbPath, adminIds: [ADA], inbox });
    return app;
  };
  cleanup.push(() => app?.stop());
  return { fake, start, stop: () => app!.stop() };
}

/** Where Carol's message landed in Ada's chat: in a topic, or in the general lane after a card. */
async function landing(fake: FakeTelegram, text: string) {
  const copy = await fake.until(() => fake.botMessages(ADA).find((s) => s.message.text === text));
  return copy.message.message_thread_id;
}

describe("choosing the inbox mode at start-up", () => {
  it.each([
    { setting: "auto", hasTopics: true, threads: true },
    { setting: "auto", hasTopics: false, threads: false },
    { setting: "stream", hasTopics: true, threads: false },
    { setting: "threads", hasTopics: true, threads: true },
  ] as const)("$setting on a bot with threaded mode $hasTopics: topics $threads", async ({ setting, hasTopics, threads }) => {
    const { fake, start } = await setUp(hasTopics);
    await start(setting);
    fake.send(fake.user(500, "Carol"), { text: "hello" });
    const thread = await landing(fake, "hello");
    if (threads) {
      expect(thread).toBe(fake.world.topics(ADA)[0]!.threadId);
    } else {
      expect(thread).toBeUndefined();
      expect(fake.callsOf("createForumTopic")).toHaveLength(0);
      // Today's stream: the card right before the message.
      expect(fake.botMessages(ADA).at(-2)!.message.text).toContain("#1 · Carol");
    }
  });

  it("INBOX_MODE=threads on a bot without threaded mode stops start-up with one line saying how to turn it on", async () => {
    const fake = await new FakeTelegram().start();
    cleanup.push(() => fake.stop());
    const dir = tempDir();
    cleanup.push(() => dir.remove());
    const run = runMain({ BOT_TOKEN: TOKEN, BOT_API_ROOT: fake.apiRoot, DATABASE_PATH: `${dir.path}/c.sqlite`, INBOX_MODE: "threads" });
    cleanup.push(() => run.cleanup());
    expect(await run.exited).toBe(1);
    expect(run.output().trim()).toBe(
      "Configuration error: INBOX_MODE=threads, but threaded mode is off for this bot. In @BotFather open /mybots, choose the bot, then Bot Settings, and turn Threaded Mode on; then start again (or set INBOX_MODE=auto or stream for one stream with chat cards).",
    );
    expect(fake.callsOf("getUpdates")).toHaveLength(0);
  });

  it("a bad INBOX_MODE is named at start-up", async () => {
    const run = runMain({ BOT_TOKEN: TOKEN, INBOX_MODE: "topics" });
    cleanup.push(() => run.cleanup());
    expect(await run.exited).toBe(1);
    expect(run.output().trim()).toBe(
      "Configuration error: INBOX_MODE must be auto (the default: a topic per client chat when the bot has threaded mode in @BotFather), threads or stream",
    );
  });
});

describe("switching modes loses nothing: queued rows go out in the mode of the moment", () => {
  it("a copy queued in the stream goes into the chat's topic after threaded mode was turned on", async () => {
    const { fake, start, stop } = await setUp(false);
    const app = await start("auto");
    await app.worker.stop();
    fake.send(fake.user(500, "Carol"), { text: "queued in the stream" });
    await fake.until(
      () => (app.db.$client.prepare("select count(*) n from outbox where status = 'pending'").get() as { n: number }).n === 1,
    );
    await stop();
    fake.world.botSettings.hasTopicsEnabled = true;
    const next = await start("auto");
    const thread = await landing(fake, "queued in the stream");
    expect(thread).toBe(topicOf(next.db, ADA, 1)!.threadId);
    expect(fake.botMessages(ADA).filter((s) => s.message.text === "queued in the stream")).toHaveLength(1);
  });

  it("a copy queued for a topic goes into the stream, after the chat's card, once threaded mode is off", async () => {
    const { fake, start, stop } = await setUp(true);
    const app = await start("auto");
    const carol = fake.user(500, "Carol");
    fake.send(carol, { text: "in the topic" });
    await landing(fake, "in the topic");
    await app.worker.stop();
    fake.send(carol, { text: "queued for the topic" });
    await fake.until(
      () => (app.db.$client.prepare("select count(*) n from outbox where status = 'pending'").get() as { n: number }).n === 1,
    );
    await stop();
    fake.world.botSettings.hasTopicsEnabled = false;
    await start("auto");
    expect(await landing(fake, "queued for the topic")).toBeUndefined();
    // The stream did not see Carol last (her topic did): her card comes first.
    expect(fake.botMessages(ADA).at(-2)!.message.text).toContain("#1 · Carol");
    expect(fake.botMessages(ADA).at(-2)!.message.message_thread_id).toBeUndefined();
  });
});
