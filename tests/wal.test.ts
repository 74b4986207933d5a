import { statSync } from "node:fs";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { startCheckpointer } from "../src/db/checkpointer.js";
import { openDatabase } from "../src/db/client.js";
import { operators } from "../src/db/schema.js";
import { recordClientMessage } from "../src/rules/relay.js";
import { runMain } from "./support/child-bot.js";
import { tempDir } from "./support/console.js";
import { FakeTelegram, TOKEN } from "./support/fake-telegram/server.js";
import { withoutCaps } from "./support/team.js";

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

const walBytes = (path: string) => {
  try {
    return statSync(`${path}-wal`).size;
  } catch {
    return 0;
  }
};
const MB = 1024 * 1024;

describe("the WAL stays bounded", () => {
  it("falls back under 1 MB once a burst through the real bot is over", async () => {
    const fake = await new FakeTelegram().start();
    cleanup.push(() => fake.stop());
    const dir = tempDir();
    cleanup.push(() => dir.remove());
    const path = `${dir.path}/console.sqlite`;
    // This test counts every copy, so the flood cap (a count instead of copies past a backlog) is off.
    const setup = openDatabase(path);
    withoutCaps(setup.$client);
    setup.$client.close();
    fake.user(100, "Ada");
    const clients = Array.from({ length: 50 }, (_, i) => fake.user(500 + i, `Client${i}`));
    const MESSAGES = 2_000;
    for (let i = 0; i < MESSAGES; i++) fake.send(clients[i % clients.length]!, { text: `m${i}` });
    const bot = runMain({
      BOT_TOKEN: TOKEN,
      BOT_API_ROOT: fake.apiRoot,
      DATABASE_PATH: path,
      ADMIN_IDS: "100",
      SEND_RATE_PER_SECOND: "100000",
      SEND_RATE_PER_CHAT: "100000",
      LOG_LEVEL: "warn",
    });
    cleanup.push(() => bot.cleanup());
    await fake.until(() => fake.callsOf("getUpdates").length > 0, 20_000);
    const reader = new Database(path, { readonly: true });
    cleanup.push(() => reader.close());
    const stored = () => (reader.prepare("select count(*) n from messages where direction = 'in'").get() as { n: number }).n;
    let peak = 0;
    await fake.until(() => {
      peak = Math.max(peak, walBytes(path));
      return stored() === MESSAGES;
    }, 90_000);
    await fake.until(() => fake.botMessages(100).filter((s) => s.message.text?.startsWith("m")).length === MESSAGES, 90_000);
    // The burst did grow the WAL; once writes stop it is cut back, not left at its peak.
    expect(peak).toBeGreaterThan(1 * MB);
    await fake
      .until(() => walBytes(path) <= 1 * MB, 20_000)
      .catch(() => {
        throw new Error(`WAL still ${walBytes(path)} bytes after idle (peak ${peak})\n${bot.output()}`);
      });
    expect(bot.output()).not.toContain('"level":50');
    bot.child.kill("SIGTERM");
    expect(await bot.exited).toBe(0);
  }, 180_000);

  it("truncates under write load without a single commit failing, and holds every message", async () => {
    const dir = tempDir();
    cleanup.push(() => dir.remove());
    const path = `${dir.path}/console.sqlite`;
    const db = openDatabase(path, { backgroundCheckpoints: true });
    cleanup.push(() => db.$client.close());
    db.insert(operators).values({ id: 100, name: "Ada", createdAt: Date.now() }).run();
    const truncations: Array<{ before: number; after: number; busy: boolean }> = [];
    // A tiny bound and a fast tick: TRUNCATE checkpoints (which hold the write lock) race the bot's transactions.
    const checkpointer = startCheckpointer(path, { intervalMs: 5, truncateAboveBytes: 64 * 1024, onTruncate: (e) => truncations.push(e) });
    cleanup.push(() => checkpointer.stop());
    // At least 4,000 messages, and on until a truncation has got through: how many that takes depends on the
    // machine's speed (storing a message got cheaper, and 4,000 alone sometimes ended before the first one did).
    const MESSAGES = 4_000;
    const truncated = () => truncations.some((e) => !e.busy);
    const failures: string[] = [];
    let stored = 0;
    for (let i = 0; i < MESSAGES || (!truncated() && i < 20 * MESSAGES); i++) {
      stored = i + 1;
      try {
        // Reads first, then writes: the transaction shape that SQLite refuses outright (no busy wait) if a
        // checkpoint took the write lock in between, unless transactions take the write lock when they begin.
        recordClientMessage(
          db,
          {
            telegramChatId: 500 + (i % 50),
            chatKind: "private",
            chatTitle: "Client",
            senderUserId: 500 + (i % 50),
            senderName: "Client",
            telegramMessageId: i + 1,
            kind: "text",
            text: `m${i}`,
            copyable: true,
          },
          Date.now,
        );
      } catch (err) {
        failures.push(String(err));
      }
      if (i % 20 === 0) await new Promise((r) => setImmediate(r));
    }
    expect(failures.length, `${failures.length} of ${stored} commits failed, first: ${failures[0]}`).toBe(0);
    expect(truncations.filter((e) => !e.busy).length).toBeGreaterThan(0);
    expect((db.$client.prepare("select count(*) n from messages").get() as { n: number }).n).toBe(stored);
    await new Promise<void>((resolve, reject) => {
      const deadline = Date.now() + 20_000;
      const check = () =>
        walBytes(path) === 0
          ? resolve()
          : Date.now() > deadline
            ? reject(new Error(`WAL still ${walBytes(path)} bytes`))
            : setTimeout(check, 20);
      check();
    });
    expect(db.$client.pragma("integrity_check", { simple: true })).toBe("ok");
  }, 120_000);
});
