import { Api, type GrammyError } from "grammy";
import type { InlineQueryResult } from "grammy/types";
import { describe, expect, it } from "vitest";
import { FakeTelegram, TOKEN } from "./support/fake-telegram/server.js";

describe("the fake Bot API's inline mode", () => {
  it("answers bad inline answers with Telegram's errors, and an answered query cannot be answered again", async () => {
    const fake = await new FakeTelegram().start();
    try {
      fake.world.botSettings.supportsInlineQueries = true;
      const api = new Api(TOKEN, { apiRoot: fake.apiRoot });
      expect((await api.getMe()).supports_inline_queries).toBe(true);
      const user = fake.user(1, "Una");
      const article = (id: string) =>
        ({ type: "article", id, title: "t", input_message_content: { message_text: "x" } }) as InlineQueryResult;
      const error = (call: Promise<unknown>) =>
        call.then(
          () => "ok",
          (e: GrammyError) => e.description,
        );
      const q = fake.inlineQuery(user, "x");
      expect(await error(api.answerInlineQuery(q, [article("1"), article("1")]))).toBe("Bad Request: RESULT_ID_DUPLICATE");
      const many = Array.from({ length: 51 }, (_, i) => article(String(i)));
      expect(await error(api.answerInlineQuery(q, many))).toBe("Bad Request: RESULTS_TOO_MUCH");
      expect(await error(api.answerInlineQuery(q, [article("x".repeat(65))]))).toBe("Bad Request: RESULT_ID_INVALID");
      expect(await error(api.answerInlineQuery(q, [article("1")]))).toBe("ok");
      expect(await error(api.answerInlineQuery(q, [article("1")]))).toBe(
        "Bad Request: query is too old and response timeout expired or query ID is invalid",
      );
      fake.world.botSettings.supportsInlineQueries = false;
      expect(() => fake.inlineQuery(user, "x")).toThrow(/inline mode is off/);
    } finally {
      await fake.stop();
    }
  });
});
