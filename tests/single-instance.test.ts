import { resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runMain as startChild } from "./support/child-bot.js";
import { tempDir } from "./support/console.js";
import { FakeTelegram, TOKEN } from "./support/fake-telegram/server.js";

const ADA = 100;
const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

function runMain(env: Record<string, string>) {
  const run = startChild(env);
  cleanup.push(() => run.cleanup());
  return run;
}

async function setUp() {
  const fake = await new FakeTelegram().start();
  cleanup.push(() => fake.stop());
  const dir = tempDir();
  cleanup.push(() => dir.remove());
  fake.user(ADA, "Ada");
  const env = (database: string) => ({
    BOT_TOKEN: TOKEN,
    BOT_API_ROOT: fake.apiRoot,
    DATABASE_PATH: `${dir.path}/${database}`,
    ADMIN_IDS: String(ADA),
    LOG_LEVEL: "warn",
  });
  const relayed = (text: string) => fake.until(() => fake.botMessages(ADA).some((s) => s.message.text === text), 15_000);
  return { fake, dir, env, relayed };
}

/** The exit code, or "still running" if the process has not ended within `ms`. */
const exitWithin = (run: ReturnType<typeof runMain>, ms: number) =>
  Promise.race([run.exited, new Promise<string>((r) => setTimeout(() => r("still running"), ms))]);

describe("one console per database and per bot", () => {
  it("refuses a second console on the same database with one line, and a console killed with -9 leaves no lock behind", async () => {
    const { fake, dir, env, relayed } = await setUp();
    const first = runMain(env("console.sqlite"));
    await fake.until(() => fake.callsOf("getUpdates").length > 0, 20_000);
    const second = runMain(env("console.sqlite"));
    expect(await exitWithin(second, 15_000)).toBe(3);
    expect(second.output().trim()).toBe(
      `Another console is running on this database (${resolve(dir.path, "console.sqlite")}); stop it first, or give this one its own DATABASE_PATH.`,
    );
    // The second never reached Telegram, and the first carries on.
    expect(fake.callsOf("getMe")).toHaveLength(1);
    fake.send(fake.user(500, "Carol"), { text: "still served" });
    await relayed("still served");

    first.child.kill("SIGKILL");
    await first.exited;
    const third = runMain(env("console.sqlite"));
    fake.send(fake.user(501, "Dan"), { text: "after the crash" });
    await relayed("after the crash");
    third.child.kill("SIGTERM");
    expect(await third.exited).toBe(0);
  }, 60_000);

  it("stops cleanly with one line when Telegram gives the updates to another process (409), confirming nothing unhandled", async () => {
    const { fake, env, relayed } = await setUp();
    const older = runMain(env("a.sqlite"));
    await fake.until(() => fake.callsOf("getUpdates").length > 0, 20_000);
    fake.send(fake.user(500, "Carol"), { text: "to the older one" });
    await relayed("to the older one");
    // Wait until the older one is in a long poll again, as a running bot mostly is.
    await fake.until(() => fake.world.pendingUpdates() === 0, 10_000);
    await new Promise((r) => setTimeout(r, 300));
    const newer = runMain(env("b.sqlite"));
    expect(await exitWithin(older, 20_000)).toBe(3);
    expect(older.output().trim()).toBe(
      "Another process is taking this bot's updates (Telegram: Conflict: terminated by other getUpdates request; make sure that only one bot instance is running); only one console may run per bot token. Stopping.",
    );
    expect(fake.calls.filter((c) => c.method === "getUpdates" && c.status === 409)).toHaveLength(1);
    fake.send(fake.user(501, "Dan"), { text: "to the newer one" });
    await relayed("to the newer one");
    newer.child.kill("SIGTERM");
    expect(await newer.exited).toBe(0);
  }, 60_000);
});
