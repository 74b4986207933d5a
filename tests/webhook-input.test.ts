import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMain } from "./support/child-bot.js";
import { tempDir } from "./support/console.js";
import { FakeTelegram, TOKEN } from "./support/fake-telegram/server.js";
import { freePort, rawRequest } from "./support/http.js";

// One real process in webhook mode (as `npm start` runs it) for every case: the body checks sit between
// Telegram and grammY's webhook handler, so only the real wiring in main.ts proves them.
const SECRET = "webhook-secret-0123456789";
let fake: FakeTelegram;
let run: ReturnType<typeof runMain>;
let dir: ReturnType<typeof tempDir>;
let hook = "";
let base = "";

beforeAll(async () => {
  fake = await new FakeTelegram().start();
  dir = tempDir();
  fake.user(100, "Ada");
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  hook = `${base}/telegram/hook`;
  run = runMain({
    BOT_TOKEN: TOKEN,
    BOT_API_ROOT: fake.apiRoot,
    DATABASE_PATH: `${dir.path}/console.sqlite`,
    ADMIN_IDS: "100",
    BOT_MODE: "webhook",
    WEBHOOK_URL: hook,
    WEBHOOK_SECRET: SECRET,
    HTTP_PORT: String(port),
  });
  await fake.until(() => fake.webhook.current, 20_000);
  await fake.until(async () => (await fetch(`${base}/healthz`).catch(() => undefined))?.ok, 10_000);
});

afterAll(async () => {
  run?.cleanup();
  await fake?.stop();
  dir?.remove();
});

const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(hook, {
    method: "POST",
    headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET, ...headers },
    body,
  }).then(async (r) => ({ status: r.status, body: await r.text() }));

describe("webhook input", () => {
  it("answers 401 to a caller without the secret before looking at the body, and 400 to malformed JSON from one with it", async () => {
    for (const secret of ["wrong-secret-000000000000", ""]) {
      expect((await post("{not json", { "x-telegram-bot-api-secret-token": secret })).status).toBe(401);
      expect(
        (await post("x".repeat(2 * 1024 * 1024), { "x-telegram-bot-api-secret-token": secret, "content-type": "text/plain" })).status,
      ).toBe(401);
    }
    for (const body of ["{not json", "", "[]", '"update"', "{}", '{"update_id":"7"}']) {
      expect(await post(body), body).toMatchObject({ status: 400, body: expect.stringContaining("invalid request") });
    }
    expect(run.output()).not.toContain("unhandled");
  });

  it("answers 415 to a body that is not application/json", async () => {
    const update = JSON.stringify({
      update_id: 900_001,
      message: { message_id: 900_001, date: 0, chat: { id: 1, type: "private" }, text: "x" },
    });
    expect((await post(update, { "content-type": "text/plain" })).status).toBe(415);
  });

  it("answers 413 to a body over 1 MB, with a length or chunked, without reading it to the end", async () => {
    const text = "x".repeat(2 * 1024 * 1024);
    const update = JSON.stringify({
      update_id: 900_002,
      message: {
        message_id: 900_002,
        date: 0,
        chat: { id: 500, type: "private" },
        from: { id: 500, is_bot: false, first_name: "Carol" },
        text,
      },
    });
    expect(await post(update)).toMatchObject({ status: 413, body: expect.stringContaining("request body too large") });
    const headers = { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET };
    const announced = await rawRequest(base, {
      method: "POST",
      path: "/telegram/hook",
      headers: { ...headers, "content-length": String(100 * 1024 * 1024) },
      body: ["{"],
      finish: false,
    });
    expect(announced.status).toBe(413);
    const chunked = await rawRequest(base, {
      method: "POST",
      path: "/telegram/hook",
      headers,
      chunked: true,
      body: Array(20).fill("x".repeat(64 * 1024)),
      finish: false,
    });
    expect(chunked.status).toBe(413);
  });

  it("still handles Telegram's updates, chunked ones too", async () => {
    const carol = fake.user(500, "Carol");
    fake.send(carol, { text: "after the noise" });
    expect(await fake.deliverWebhook()).toBe(200);
    await fake.until(() => fake.botMessages(100).some((s) => s.message.text === "after the noise"), 10_000);
    // The next update, as Telegram would send it, but in chunks without a length.
    fake.send(carol, { text: "in chunks" });
    const [update] = fake.world.take(undefined, 1);
    const json = JSON.stringify(update);
    const headers = { "content-type": "application/json; charset=utf-8", "x-telegram-bot-api-secret-token": SECRET };
    expect(
      (
        await rawRequest(base, {
          method: "POST",
          path: "/telegram/hook",
          headers,
          chunked: true,
          body: [json.slice(0, 40), json.slice(40)],
        })
      ).status,
    ).toBe(200);
    fake.world.take(update!.update_id + 1, 0);
    await fake.until(() => fake.botMessages(100).some((s) => s.message.text === "in chunks"), 10_000);
  });
});
