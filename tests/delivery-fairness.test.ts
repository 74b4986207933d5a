import { expect, it } from "vitest";
import { consoleForEachTest } from "./support/console.js";
import { addOperator } from "./support/team.js";

// Two places in any second (one fewer than 3) and no per-chat wait: operators outnumber the places.
const t = consoleForEachTest({ limits: { perSecond: 3, burst: 1, perChatPerSecond: 1000, perChatBurst: 1 } });

it("takes operators in turns when the allowance is short, so none waits for the others' whole queues", async () => {
  const team = Array.from({ length: 4 }, (_, i) => t.fake.user(1_000 + i, `Op${i}`));
  for (const op of team) addOperator(t.app.db, op);
  // Each operator gets two sends (the chat's card, then the copy); two go out a second.
  t.fake.send(t.fake.user(500, "Carol"), { text: "hello, team" });
  await t.fake.until(() => team.every((op) => t.fake.botMessages(op.id).length >= 2), 20_000);
  const order = t.fake.calls.filter((c) => /^(send|copy)/.test(c.method) && c.status === 200).map((c) => Number(c.params.chat_id));
  expect(order).toHaveLength(8);
  // Everyone's first send before anyone's second: the operators who went first wait their turn.
  expect(new Set(order.slice(0, 4)).size).toBe(4);
});
