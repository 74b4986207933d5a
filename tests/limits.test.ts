import { expect, it } from "vitest";
import { TELEGRAM_LIMITS } from "../src/delivery/pacer.js";
import { consoleForEachTest } from "./support/console.js";
import { addOperator } from "./support/team.js";

const t = consoleForEachTest({ limits: TELEGRAM_LIMITS });

it("meets no 429 from a Bot API that counts 30 sends in any second and 1 per chat", async () => {
  // Like Telegram: past 30 accepted sends in a sliding second, or a second send to one chat within a second, 429.
  t.fake.rateLimit = { perSecond: 30, perChatPerSecond: 1 };
  const team = Array.from({ length: 40 }, (_, i) => t.fake.user(1_000 + i, `Op${i}`));
  for (const op of team) addOperator(t.app.db, op);
  // One client's message goes to all 40 operators, each as a card and then the copy: 80 sends at once.
  t.fake.send(t.fake.user(500, "Carol"), { text: "hello, team" });
  await t.fake.until(() => team.every((op) => t.fake.botMessages(op.id).some((s) => s.message.text === "hello, team")), 20_000);
  expect(t.fake.calls.filter((c) => c.status === 429)).toEqual([]);
  const sends = t.fake.calls.filter((c) => /^(send|copy)/.test(c.method) && c.status === 200);
  expect(sends).toHaveLength(80);
});
