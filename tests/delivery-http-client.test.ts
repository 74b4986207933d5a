import { GrammyError, HttpError, InputFile } from "grammy";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deliveryApi } from "../src/delivery/http-client.js";
import { FakeTelegram, TOKEN } from "./support/fake-telegram/server.js";

// The delivery worker's own fetch, against the fake over real HTTP: answers, refusals and broken connections come
// out as grammY's results and errors did through node-fetch, so the worker classifies them as before.
let fake: FakeTelegram;
beforeEach(async () => {
  fake = await new FakeTelegram().start();
});
afterEach(async () => {
  await fake.stop();
});

describe("the delivery worker's HTTP client", () => {
  it("sends and reads Telegram's answer, whatever the characters", async () => {
    const carol = fake.user(501, "Carol");
    const api = deliveryApi(TOKEN, fake.apiRoot, 5);
    const first = await api.sendMessage(carol.id, "Hello — привет 👋");
    const second = await api.sendMessage(carol.id, "again");
    expect(fake.botMessages(carol.id).map((m) => m.message.text)).toEqual(["Hello — привет 👋", "again"]);
    expect(second.message_id).toBeGreaterThan(first.message_id);
  });

  it("uploads a file as multipart", async () => {
    const carol = fake.user(502, "Carol");
    const api = deliveryApi(TOKEN, fake.apiRoot, 5);
    await api.sendDocument(carol.id, new InputFile(Buffer.from("a,b\n1,2\n"), "figures.csv"), { caption: "figures" });
    expect(fake.lastBotMessage(carol.id)?.message.caption).toBe("figures");
  });

  it("turns Telegram's refusals into GrammyErrors with their code and parameters", async () => {
    const carol = fake.user(503, "Carol");
    const api = deliveryApi(TOKEN, fake.apiRoot, 5);
    fake.fault({
      method: "sendMessage",
      times: 1,
      kind: { type: "error", code: 429, description: "Too Many Requests: retry after 3", retryAfter: 3 },
    });
    const err = await api.sendMessage(carol.id, "x").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GrammyError);
    expect((err as GrammyError).error_code).toBe(429);
    expect((err as GrammyError).parameters.retry_after).toBe(3);
  });

  it("turns a dropped connection, and no server at all, into HttpErrors", async () => {
    const carol = fake.user(504, "Carol");
    const api = deliveryApi(TOKEN, fake.apiRoot, 5);
    fake.fault({ method: "sendMessage", times: 1, kind: { type: "drop", when: "after" } });
    expect(await api.sendMessage(carol.id, "x").catch((e: unknown) => e)).toBeInstanceOf(HttpError);
    const root = fake.apiRoot;
    await fake.stop();
    expect(
      await deliveryApi(TOKEN, root, 5)
        .sendMessage(carol.id, "x")
        .catch((e: unknown) => e),
    ).toBeInstanceOf(HttpError);
    fake = await new FakeTelegram().start();
  });

  it("gives up on an answer that takes longer than its timeout", async () => {
    const carol = fake.user(505, "Carol");
    const api = deliveryApi(TOKEN, fake.apiRoot, 1);
    fake.fault({ method: "sendMessage", times: 1, kind: { type: "delay", ms: 2500 } });
    expect(await api.sendMessage(carol.id, "x").catch((e: unknown) => e)).toBeInstanceOf(HttpError);
  });
});
