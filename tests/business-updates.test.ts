import { afterEach, describe, expect, it } from "vitest";
import { runMain } from "./support/child-bot.js";
import { tempDir } from "./support/console.js";
import { FakeTelegram, TOKEN } from "./support/fake-telegram/server.js";

const cleanup: Array<() => unknown> = [];

afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

const BUSINESS = ["business_connection", "business_message", "edited_business_message", "deleted_business_messages"];

async function start(env: Record<string, string>) {
  const fake = await new FakeTelegram().start();
  cleanup.push(() => fake.stop());
  const dir = tempDir();
  cleanup.push(() => dir.remove());
  const run = runMain({
    BOT_TOKEN: TOKEN,
    BOT_API_ROOT: fake.apiRoot,
    DATABASE_PATH: `${dir.path}/console.sqlite`,
    ADMIN_IDS: "100",
    ...env,
  });
  cleanup.push(() => run.cleanup());
  return { fake, run };
}

describe("business updates are asked for", () => {
  it("in polling: the real process names them in allowed_updates and serves a business account's client", async () => {
    const { fake } = await start({});
    fake.user(100, "Ada");
    await fake.until(() => fake.callsOf("getUpdates").length > 0, 20_000);
    expect(fake.callsOf("getUpdates")[0]!.params.allowed_updates).toEqual(expect.arrayContaining(BUSINESS));
    const bc = fake.business.connect(fake.user(100, "Ada"));
    fake.business.clientSends(bc, fake.user(500, "Carol"), { text: "hello, Ada's shop" });
    await fake.until(() => fake.botMessages(100).some((s) => s.message.text === "hello, Ada's shop"), 10_000);
  });

  it("in webhook mode: setWebhook names them too", async () => {
    const port = String(20_000 + Math.floor(Math.random() * 20_000));
    const { fake } = await start({
      BOT_MODE: "webhook",
      WEBHOOK_URL: "https://console.example.com/telegram/hook",
      WEBHOOK_SECRET: "secret-0123456789abcdef",
      HTTP_PORT: port,
    });
    await fake.until(() => fake.callsOf("setWebhook").length > 0, 20_000);
    expect(fake.callsOf("setWebhook")[0]!.params.allowed_updates).toEqual(expect.arrayContaining(BUSINESS));
  });
});
