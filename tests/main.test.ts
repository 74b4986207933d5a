import { afterEach, describe, expect, it } from "vitest";
import { FakeTelegram, TOKEN } from "./support/fake-telegram/server.js";
import { runMain as startChild } from "./support/child-bot.js";
import { tempDir } from "./support/console.js";
import { freePort } from "./support/http.js";

const cleanup: Array<() => unknown> = [];

afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

function runMain(env: Record<string, string>) {
  const run = startChild(env);
  cleanup.push(() => run.cleanup());
  return run;
}

describe("start-up", () => {
  it("exits with one clear line when BOT_TOKEN is missing", async () => {
    const run = runMain({});
    expect(await run.exited).toBe(1);
    expect(run.output().trim()).toBe(
      "Configuration error: BOT_TOKEN is missing: create a bot with @BotFather in Telegram and put its token in .env as BOT_TOKEN=123456:ABC...",
    );
  });

  it("names a malformed token and a bad ADMIN_IDS without echoing the token", async () => {
    const run = runMain({ BOT_TOKEN: "not-a-token-secret-value", ADMIN_IDS: "12,abc" });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain("BOT_TOKEN is malformed");
    expect(run.output()).toContain('ADMIN_IDS has "abc"');
    expect(run.output()).not.toContain("not-a-token-secret-value");
  });

  it("identifies itself once, polls, relays, and stops cleanly on SIGTERM", async () => {
    const fake = await new FakeTelegram().start();
    cleanup.push(() => fake.stop());
    const dir = tempDir();
    cleanup.push(() => dir.remove());
    fake.user(100, "Ada");
    // Left over from a run in webhook mode: getUpdates would answer 409 until it is removed.
    fake.webhook.current = { url: "https://example.com/old-hook", secret: undefined };
    const run = runMain({
      BOT_TOKEN: TOKEN,
      BOT_API_ROOT: fake.apiRoot,
      DATABASE_PATH: `${dir.path}/db/console.sqlite`,
      ADMIN_IDS: "100",
      LOG_LEVEL: "info",
    });
    await fake.until(() => fake.callsOf("getUpdates").length > 0, 20_000);
    expect(fake.callsOf("getMe")).toHaveLength(1);
    expect(fake.callsOf("deleteWebhook")).toHaveLength(1);
    expect(fake.webhook.current).toBeUndefined();
    fake.send(fake.user(500, "Carol"), { text: "hello from a real process" });
    await fake.until(() => fake.botMessages(100).some((s) => s.message.text === "hello from a real process"), 10_000);
    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);
    expect(run.output(), run.output()).toContain('"msg":"stopped"');
    expect(run.output()).not.toContain(TOKEN.split(":")[1]);
    // The handled update was confirmed before exit: nothing is waiting to be handled again.
    expect(fake.world.pendingUpdates()).toBe(0);
  });
});

describe("webhook mode", () => {
  it("registers the webhook, handles updates with the right secret only, and once when Telegram retries", async () => {
    const fake = await new FakeTelegram().start();
    cleanup.push(() => fake.stop());
    const dir = tempDir();
    cleanup.push(() => dir.remove());
    fake.user(100, "Ada");
    const port = await freePort();
    const secret = "webhook-secret-0123456789";
    const run = runMain({
      BOT_TOKEN: TOKEN,
      BOT_API_ROOT: fake.apiRoot,
      DATABASE_PATH: `${dir.path}/console.sqlite`,
      ADMIN_IDS: "100",
      BOT_MODE: "webhook",
      WEBHOOK_URL: `http://127.0.0.1:${port}/telegram/hook`,
      WEBHOOK_SECRET: secret,
      HTTP_PORT: String(port),
    });
    await fake.until(() => fake.webhook.current, 20_000);
    expect(fake.callsOf("setWebhook")[0]!.params).toMatchObject({ url: `http://127.0.0.1:${port}/telegram/hook`, secret_token: secret });
    await fake.until(async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.ok, 10_000);

    const carol = fake.user(500, "Carol");
    fake.send(carol, { text: "via webhook" });
    expect(await fake.deliverWebhook({ secret: "wrong-secret-000000000000" })).toBe(401);
    expect(await fake.deliverWebhook({ keep: true })).toBe(200);
    // Telegram did not see the answer and sends the same update again: one effect.
    expect(await fake.deliverWebhook()).toBe(200);
    await fake.until(() => fake.botMessages(100).some((s) => s.message.text === "via webhook"), 10_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.botMessages(100).filter((s) => s.message.text === "via webhook")).toHaveLength(1);
    expect(fake.callsOf("getUpdates")).toHaveLength(0);
    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);
    expect(run.output()).not.toContain(secret);
  });
});
