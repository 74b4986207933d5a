import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../src/db/client.js";
import { operators } from "../src/db/schema.js";
import { type ChildBot, runMain } from "./support/child-bot.js";
import { tempDir } from "./support/console.js";
import { FakeTelegram, TOKEN } from "./support/fake-telegram/server.js";
import { withoutCaps } from "./support/team.js";

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

const SOAK = process.env.SOAK === "1";
const OPERATORS = [100, 101, 102];
const CLIENTS = 50;
const MESSAGES = SOAK ? 5_000 : 1_000;

/** Operators' copies of each client text, counted per operator. */
function copiesByOperator(fake: FakeTelegram): Map<number, Map<string, number>> {
  const result = new Map<number, Map<string, number>>();
  for (const op of OPERATORS) {
    const counts = new Map<string, number>();
    for (const s of fake.botMessages(op)) {
      const text = s.message.text;
      if (text?.startsWith("c")) counts.set(text, (counts.get(text) ?? 0) + 1);
    }
    result.set(op, counts);
  }
  return result;
}

describe("crashes lose nothing", () => {
  it(
    "survives kill -9 mid-handling, mid-send and between a send and its record, with at most one duplicate per chat per crash",
    async () => {
      const fake = await new FakeTelegram().start();
      cleanup.push(() => fake.stop());
      const dir = tempDir();
      cleanup.push(() => dir.remove());
      const path = `${dir.path}/console.sqlite`;
      const setup = openDatabase(path);
      for (const id of OPERATORS.slice(1))
        setup
          .insert(operators)
          .values({ id, name: `Op${id}`, createdAt: Date.now() })
          .run();
      // This test counts every copy, so the flood cap (a count instead of copies past a backlog) is off.
      withoutCaps(setup.$client);
      setup.$client.close();
      OPERATORS.forEach((id) => {
        fake.user(id, `Op${id}`);
      });
      const clients = Array.from({ length: CLIENTS }, (_, i) => fake.user(500 + i, `Client${i}`));
      const texts: string[] = [];
      for (let i = 0; i < MESSAGES; i++) {
        const text = `c${i % CLIENTS}-m${i}`;
        texts.push(text);
        fake.send(clients[i % CLIENTS]!, { text });
      }
      // Every send takes a moment, so that kills land while work is in progress.
      fake.fault({ method: /^(sendMessage|copyMessage)$/, times: Infinity, kind: { type: "delay", ms: 1 } });
      const env = {
        BOT_TOKEN: TOKEN,
        BOT_API_ROOT: fake.apiRoot,
        DATABASE_PATH: path,
        ADMIN_IDS: String(OPERATORS[0]),
        SEND_RATE_PER_SECOND: "100000",
        SEND_RATE_PER_CHAT: "100000",
        LOG_LEVEL: "warn",
      };
      let bot: ChildBot & { cleanup(): void } = runMain(env);
      cleanup.push(() => bot.cleanup());
      const reader = new Database(path, { readonly: true, fileMustExist: false });
      const stored = () => {
        try {
          return (reader.prepare("select count(*) n from messages where direction = 'in'").get() as { n: number }).n;
        } catch {
          return 0;
        }
      };
      const delivered = () => [...copiesByOperator(fake).values()].reduce((a, m) => a + m.size, 0);
      const restart = async () => {
        bot.child.kill("SIGKILL");
        await bot.exited;
        bot = runMain(env);
        cleanup.push(() => bot.cleanup());
      };

      const t0 = Date.now();
      const progress = (label: string) => process.env.TEST_PROGRESS && console.log(label, Date.now() - t0, "ms", stored(), delivered());
      // 1. While updates are being handled.
      await fake.until(() => stored() >= MESSAGES / 5, 30_000);
      progress("crash 1");
      await restart();
      // 2. While deliveries are being sent.
      await fake
        .until(() => delivered() >= MESSAGES, 60_000)
        .catch((err) => {
          throw new Error(
            `${err}\n${bot.output()}\nlast calls: ${JSON.stringify(fake.calls.slice(-5).map((c) => [c.method, c.status, c.params.offset]))}`,
          );
        });
      progress("crash 2");
      await restart();
      // 3. After Telegram acted on a send but before the bot heard back and recorded it.
      await fake.until(() => delivered() >= MESSAGES * 2, 60_000);
      const callsBefore = fake.calls.length;
      fake.fault({ method: "copyMessage", times: 1, kind: { type: "delay", ms: 5_000, when: "after" } });
      await fake.until(() => fake.calls.slice(callsBefore).some((c) => c.method === "copyMessage"), 30_000);
      await new Promise((r) => setTimeout(r, 100));
      progress("crash 3");
      await restart();
      const crashes = 3;

      await fake.until(() => delivered() === MESSAGES * OPERATORS.length, SOAK ? 300_000 : 90_000);
      expect(stored()).toBe(MESSAGES);
      const copies = copiesByOperator(fake);
      for (const op of OPERATORS) {
        const counts = copies.get(op)!;
        expect(
          texts.filter((t) => !counts.has(t)),
          `missing at operator ${op}`,
        ).toEqual([]);
        const duplicates = [...counts.values()].reduce((a, n) => a + n - 1, 0);
        progress(`operator ${op}: ${duplicates} duplicate(s)`);
        expect(duplicates, `duplicates at operator ${op}`).toBeLessThanOrEqual(crashes);
      }
      bot.child.kill("SIGTERM");
      expect(await bot.exited).toBe(0);
      reader.close();
    },
    SOAK ? 600_000 : 180_000,
  );
});

describe("graceful shutdown under load", () => {
  it(
    "stops on SIGTERM while messages flow, losing nothing, and the restart carries on",
    async () => {
      const fake = await new FakeTelegram().start();
      cleanup.push(() => fake.stop());
      const dir = tempDir();
      cleanup.push(() => dir.remove());
      const path = `${dir.path}/console.sqlite`;
      const setup = openDatabase(path);
      withoutCaps(setup.$client);
      setup.$client.close();
      OPERATORS.forEach((id) => {
        fake.user(id, `Op${id}`);
      });
      const env = {
        BOT_TOKEN: TOKEN,
        BOT_API_ROOT: fake.apiRoot,
        DATABASE_PATH: path,
        ADMIN_IDS: OPERATORS.join(","),
        SEND_RATE_PER_SECOND: "100000",
        SEND_RATE_PER_CHAT: "100000",
        LOG_LEVEL: "warn",
      };
      fake.fault({ method: /^(sendMessage|copyMessage)$/, times: Infinity, kind: { type: "delay", ms: 2 } });
      let bot = runMain(env);
      cleanup.push(() => bot.cleanup());
      await fake.until(() => fake.callsOf("getUpdates").length > 0, 20_000);
      const clients = Array.from({ length: 20 }, (_, i) => fake.user(500 + i, `Client${i}`));
      const total = SOAK ? 2_000 : 400;
      let sent = 0;
      // Clients keep writing while the bot is told to stop.
      const writer = setInterval(() => {
        for (let k = 0; k < 20 && sent < total; k++, sent++)
          fake.send(clients[sent % clients.length]!, { text: `c${sent % clients.length}-m${sent}` });
      }, 5);
      cleanup.push(() => clearInterval(writer));
      await fake.until(() => fake.botMessages(OPERATORS[0]!).length > 100, 30_000);
      bot.child.kill("SIGTERM");
      expect(await bot.exited).toBe(0);
      expect(bot.output()).not.toContain('"level":50');
      bot = runMain(env);
      cleanup.push(() => bot.cleanup());
      await fake.until(() => sent === total, 30_000);
      const copies = () => copiesByOperator(fake);
      await fake.until(() => [...copies().values()].every((m) => m.size === total), 90_000);
      // A clean stop finishes its sends and records them: nothing is sent twice.
      for (const counts of copies().values()) expect([...counts.values()].every((n) => n === 1)).toBe(true);
      bot.child.kill("SIGTERM");
      expect(await bot.exited).toBe(0);
    },
    SOAK ? 600_000 : 120_000,
  );
});
