import { beforeEach, describe, expect, it } from "vitest";
import { getChatByTelegramId } from "../src/rules/chats.js";
import { pendingCount } from "../src/rules/outbox.js";
import { consoleForEachTest } from "./support/console.js";
import { addOperator } from "./support/team.js";

const SOAK = process.env.SOAK === "1";
const OPERATORS = [100, 101, 102, 103];

const t = consoleForEachTest({ maxBackoffMs: 300 });

beforeEach(async () => {
  for (const id of OPERATORS) addOperator(t.app.db, t.fake.user(id, `Op${id}`));
});

const SENDS = /^(sendMessage|copyMessage|editMessageText)$/;

describe("Telegram misbehaving for a whole run", () => {
  it(
    "delivers everything deliverable through 429s, 5xx and dropped connections, marks blocked clients, and does not spin",
    async () => {
      // Each 429 holds its chat for a second, so the everyday run stays small; `npm run soak` runs it large.
      const clientCount = SOAK ? 40 : 8;
      const messages = SOAK ? 400 : 16;
      t.fake.fault({
        method: SENDS,
        times: Infinity,
        probability: 0.2,
        kind: { type: "error", code: 429, description: "Too Many Requests: retry after 1", retryAfter: 1 },
      });
      t.fake.fault({
        method: SENDS,
        times: Infinity,
        probability: 0.05,
        kind: { type: "error", code: 500, description: "Internal Server Error" },
      });
      t.fake.fault({ method: SENDS, times: Infinity, probability: 0.03, kind: { type: "drop", when: "before" } });
      t.fake.fault({ method: SENDS, times: Infinity, probability: 0.03, kind: { type: "drop", when: "after" } });

      const clients = Array.from({ length: clientCount }, (_, i) => t.fake.user(500 + i, `Client${i}`));
      const texts: string[] = [];
      for (let i = 0; i < messages; i++) {
        const text = `c${i % clientCount}-m${i}`;
        texts.push(text);
        t.fake.send(clients[i % clientCount]!, { text });
      }
      const copies = (op: number) => t.fake.botMessages(op).filter((s) => s.message.text?.startsWith("c"));
      await t.fake.until(
        () => OPERATORS.every((op) => new Set(copies(op).map((s) => s.message.text)).size === messages),
        SOAK ? 600_000 : 60_000,
      );

      // Two clients block the bot; every client gets an answer from the operator who sees its chat first.
      const blocked = clients.slice(0, 2);
      blocked.forEach((c) => {
        t.fake.world.blockedBy.add(c.id);
      });
      for (const c of clients) {
        // The last copy: an earlier one may be a duplicate whose send was never confirmed, which the bot cannot know.
        const copy = copies(OPERATORS[0]!).findLast((s) => s.message.text?.startsWith(`c${c.id - 500}-`))!;
        t.fake.send(
          t.fake.world.chat(OPERATORS[0]!)!.chat as any,
          { text: `answer for ${c.first_name}` },
          { replyTo: copy.message.message_id },
        );
      }
      await t.fake
        .until(
          () => clients.slice(2).every((c) => t.fake.botMessages(c.id).some((s) => s.message.text === `answer for ${c.first_name}`)),
          SOAK ? 600_000 : 90_000,
        )
        .catch((e) => {
          const missing = clients
            .slice(2)
            .filter((c) => !t.fake.botMessages(c.id).some((s) => s.message.text === `answer for ${c.first_name}`));
          const rows = missing.map((c) =>
            t.app.db.$client
              .prepare("select id, kind, status, attempts, last_error, not_before - ? ahead from outbox where destination_chat_id = ?")
              .all(Date.now(), c.id),
          );
          const prompts = t.fake
            .botMessages(OPERATORS[0]!)
            .filter((s) => !s.message.text?.startsWith("c"))
            .map((s) => s.message.text?.slice(0, 60));
          const calls = t.fake.calls.filter((c) => missing.some((m) => m.id === Number(c.params.chat_id))).map((c) => [c.method, c.status]);
          throw new Error(
            `DEBUG ${e} missing ${missing.map((c) => c.id)} rows ${JSON.stringify(rows)} calls ${JSON.stringify(calls)} ${JSON.stringify(prompts.slice(-4))}`,
          );
        });
      await t.fake.until(() => blocked.every((c) => getChatByTelegramId(t.app.db, c.id)?.clientBlocked), 30_000);
      await t.fake.until(() => pendingCount(t.app.db) === 0, 60_000);

      // Duplicates only where Telegram acted but the answer was lost (a dropped connection after the fact).
      const droppedAfter = t.fake.calls.filter((c) => c.status === 0 && SENDS.test(c.method)).length;
      const duplicates = OPERATORS.reduce((a, op) => a + copies(op).length - messages, 0);
      expect(duplicates).toBeLessThanOrEqual(droppedAfter);
      for (const c of blocked) expect(t.fake.botMessages(c.id)).toHaveLength(0);
      // Bounded retries: each row took a handful of attempts at most, never a spin.
      const rows = (t.app.db.$client.prepare("select count(*) n from outbox").get() as { n: number }).n;
      const attempts = t.fake.calls.filter((c) => SENDS.test(c.method)).length;
      expect(attempts).toBeLessThan(rows * 3);
      expect(t.app.db.$client.prepare("select count(*) n from outbox where status = 'failed'").get()).toEqual({ n: blocked.length });
    },
    SOAK ? 900_000 : 120_000,
  );
});
