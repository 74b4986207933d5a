import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { type ChildBot, runMain } from "./support/child-bot.js";
import { tempDir } from "./support/console.js";
import { FakeTelegram, TOKEN } from "./support/fake-telegram/server.js";

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

const ADA = 100;
const CRASHES = 2;

describe("a crash while a topic is being opened", () => {
  it("kill -9 between createForumTopic and storing its id loses no message; the chat then uses one topic, one empty orphan per crash at most", async () => {
    const fake = await new FakeTelegram().start();
    cleanup.push(() => fake.stop());
    fake.world.botSettings.hasTopicsEnabled = true;
    const dir = tempDir();
    cleanup.push(() => dir.remove());
    const path = `${dir.path}/console.sqlite`;
    fake.user(ADA, "Ada");
    const carol = fake.user(500, "Carol", "carol");
    const env = {
      BOT_TOKEN: TOKEN,
      BOT_API_ROOT: fake.apiRoot,
      DATABASE_PATH: path,
      ADMIN_IDS: String(ADA),
      SEND_RATE_PER_SECOND: "100000",
      SEND_RATE_PER_CHAT: "100000",
      LOG_LEVEL: "warn",
    };
    fake.send(carol, { text: "before the crash" });
    let bot: ChildBot & { cleanup(): void };
    for (let crash = 1; crash <= CRASHES; crash++) {
      // Telegram creates the topic, but its answer never reaches the console before the process dies.
      fake.fault({ method: "createForumTopic", times: 1, kind: { type: "delay", ms: 60_000, when: "after" } });
      bot = runMain(env);
      cleanup.push(() => bot.cleanup());
      await fake.until(() => fake.world.topics(ADA).length === crash, 20_000);
      bot.child.kill("SIGKILL");
      await bot.exited;
      const db = new Database(path, { readonly: true });
      // The intent was written before the call; the topic was never recorded.
      expect(db.prepare("select attempts from topic_openings").all()).toEqual([{ attempts: crash }]);
      expect(db.prepare("select count(*) n from operator_topics").get()).toEqual({ n: 0 });
      db.close();
    }
    fake.clearFaults();
    bot = runMain(env);
    cleanup.push(() => bot.cleanup());
    fake.send(carol, { text: "after the crash" });
    await fake.until(() => fake.botMessages(ADA).some((s) => s.message.text === "after the crash"), 20_000);

    const topics = fake.world.topics(ADA);
    expect(topics).toHaveLength(CRASHES + 1);
    const db = new Database(path, { readonly: true });
    const stored = db.prepare("select thread_id threadId from operator_topics").all() as Array<{ threadId: number }>;
    expect(stored).toHaveLength(1);
    expect(db.prepare("select count(*) n from topic_openings").get()).toEqual({ n: 0 });
    db.close();
    const live = stored[0]!.threadId;
    // Every message once, all in the one recorded topic, after its card.
    const inLive = fake.world.topicMessages(ADA, live).filter((s) => !s.message.forum_topic_created);
    expect(inLive.map((s) => s.message.text)).toEqual([expect.stringContaining("#1 · Carol"), "before the crash", "after the crash"]);
    for (const text of ["before the crash", "after the crash"])
      expect(fake.botMessages(ADA).filter((s) => s.message.text === text)).toHaveLength(1);
    // What the operator sees of each crash: a topic with the chat's name holding only its "topic created" line.
    for (const orphan of topics.filter((x) => x.threadId !== live)) {
      expect(orphan.name).toBe("🔴 #1 · Carol (@carol)");
      expect(fake.world.topicMessages(ADA, orphan.threadId).map((s) => Boolean(s.message.forum_topic_created))).toEqual([true]);
    }
    expect(bot.output()).toContain("a topic opened before a crash was never recorded");
  }, 90_000);
});
