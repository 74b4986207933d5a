import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { webhookCallback } from "grammy";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { createConsoleI18n } from "../src/bot/create-bot.js";
import { StorageOutage } from "../src/bot/storage-outage.js";
import { createHttpApp } from "../src/http/server.js";
import { pendingCount } from "../src/rules/outbox.js";
import { translator } from "../src/views/i18n.js";
import { consoleForEachTest } from "./support/console.js";

const ADA = 100;
const CLIENTS = 10;
const MESSAGES = 200;

const t = consoleForEachTest({ adminIds: [ADA] });

const sqlite = () => t.app.db.$client;
const count = (sql: string) => (sqlite().prepare(sql).get() as { n: number }).n;
const storedTexts = () =>
  (sqlite().prepare("select text from messages where direction = 'in'").all() as Array<{ text: string }>).map((r) => r.text);
const outageNotices = () => t.fake.botMessages(ADA).filter((s) => s.message.text?.startsWith("⚠️ The console cannot write to its database"));
const recoveryNotices = () =>
  t.fake.botMessages(ADA).filter((s) => s.message.text?.startsWith("✅ The console can write to its database again"));

/**
 * SQLite answers SQLITE_FULL ("database or disk is full") once the file would have to grow past
 * max_page_count, exactly as on a full filesystem; raising the limit is the space coming back.
 */
function fillDisk(): void {
  // Free pages inside the file (the foreign-key migration's table rebuilds leave some) would still take rows.
  sqlite().exec("VACUUM");
  const pages = sqlite().pragma("page_count", { simple: true }) as number;
  sqlite().pragma(`max_page_count = ${pages}`);
}
function freeSpace(): void {
  sqlite().pragma("max_page_count = 1073741823");
}

describe("a full disk loses no client message", () => {
  it("stops confirming updates while nothing can be stored, tells the admins once, and takes every message in once space returns", async () => {
    const ada = t.fake.user(ADA, "Ada");
    // Every copy is counted below: past 120 unsent rows the console would rightly sum the rest up in one notice.
    t.fake.send(ada, { text: "/backlog off" });
    await t.fake.until(() => t.fake.botMessages(ADA).some((s) => s.message.text === "The queue cap is now off."));
    const clients = Array.from({ length: CLIENTS }, (_, i) => t.fake.user(500 + i, `Client${i}`));
    fillDisk();
    const texts: string[] = [];
    for (let i = 0; i < MESSAGES; i++) {
      const text = `c${i % CLIENTS}-m${i}`;
      texts.push(text);
      t.fake.send(clients[i % CLIENTS]!, { text });
    }
    // Telegram may forget only what the console has stored: confirmed updates never outnumber stored messages.
    const confirmedNotStored = () =>
      MESSAGES - t.fake.world.pendingUpdates() - count("select count(*) n from messages where direction = 'in'");
    await t.fake.until(() => outageNotices().length === 1 || confirmedNotStored() > 0, 10_000);
    expect(confirmedNotStored()).toBeLessThanOrEqual(0);
    expect(outageNotices()).toHaveLength(1);
    for (let i = 0; i < 20; i++) {
      expect(confirmedNotStored()).toBeLessThanOrEqual(0);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(t.fake.world.pendingUpdates()).toBeGreaterThan(0);
    expect(outageNotices()).toHaveLength(1);
    expect(recoveryNotices()).toHaveLength(0);

    freeSpace();
    await t.fake.until(() => count("select count(*) n from messages where direction = 'in'") === MESSAGES, 20_000);
    await t.fake.until(() => t.fake.world.pendingUpdates() === 0, 10_000);
    await t.fake.until(() => pendingCount(t.app.db) === 0, 20_000);
    expect(storedTexts().sort()).toEqual([...texts].sort());
    const copies = t.fake
      .botMessages(ADA)
      .map((s) => s.message.text)
      .filter((text) => text?.startsWith("c"));
    expect(copies.sort()).toEqual([...texts].sort());
    await t.fake.until(() => recoveryNotices().length === 1, 5_000);
    expect(outageNotices()).toHaveLength(1);
    expect(count("select count(*) n from failed_updates")).toBe(0);
  }, 60_000);

  it("also waits out a read-only database", async () => {
    t.fake.user(ADA, "Ada");
    const carol = t.fake.user(500, "Carol");
    sqlite().pragma("query_only = ON");
    t.fake.send(carol, { text: "while read-only" });
    await t.fake.until(() => outageNotices().length === 1 || t.fake.world.pendingUpdates() === 0, 10_000);
    expect(t.fake.world.pendingUpdates()).toBe(1);
    expect(outageNotices()).toHaveLength(1);
    sqlite().pragma("query_only = OFF");
    await t.fake.until(() => t.fake.botMessages(ADA).some((s) => s.message.text === "while read-only"), 10_000);
    await t.fake.until(() => recoveryNotices().length === 1, 5_000);
    expect(storedTexts()).toEqual(["while read-only"]);
  });
});

describe("webhook mode on a full disk", () => {
  it("answers 503 while an update cannot be stored, so Telegram keeps it, and stores it once when Telegram retries after space returns", async () => {
    t.fake.user(ADA, "Ada");
    // The same bot, fed by a webhook instead of polling, as main.ts wires it in webhook mode.
    await t.app.polling.stop();
    const { db, bot } = t.app;
    const outage = new StorageOutage({
      db,
      api: bot.api,
      clock: Date.now,
      log: pino({ level: "silent" }),
      translate: translator(createConsoleI18n(), "en"),
      defaultLocale: "en",
    });
    const handler = outage.guardWebhook(webhookCallback(bot, "hono", { secretToken: "webhook-secret-0123456789" }));
    const app = createHttpApp({ db, clock: Date.now, kickDelivery: () => t.app.worker.kick(), webhook: { path: "/hook", handler } });
    const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 });
    await new Promise((r) => server.once("listening", r));
    try {
      t.fake.webhook.current = {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
        secret: "webhook-secret-0123456789",
      };
      fillDisk();
      const carol = t.fake.user(500, "Carol");
      for (let i = 0; i < 30; i++) t.fake.send(carol, { text: `w${i}` });
      let answer = 200;
      while (answer === 200 && t.fake.world.pendingUpdates() > 0) answer = await t.fake.deliverWebhook();
      expect(answer).toBe(503);
      expect(30 - t.fake.world.pendingUpdates()).toBe(count("select count(*) n from messages where direction = 'in'"));
      expect(await t.fake.deliverWebhook()).toBe(503);
      await t.fake.until(() => outageNotices().length === 1);
      freeSpace();
      while (t.fake.world.pendingUpdates() > 0) expect(await t.fake.deliverWebhook()).toBe(200);
      expect(storedTexts().sort()).toEqual(Array.from({ length: 30 }, (_, i) => `w${i}`).sort());
      await t.fake.until(() => recoveryNotices().length === 1);
      expect(outageNotices()).toHaveLength(1);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

describe("the delivery worker survives database errors", () => {
  it("keeps running when a send cannot be recorded or rescheduled, and delivers everything once writes work again", async () => {
    t.fake.user(ADA, "Ada");
    const carol = t.fake.user(500, "Carol");
    // The first copy is slow, so the database turns read-only while it is in flight: its "sent" record fails.
    t.fake.fault({ method: "copyMessage", chatId: ADA, times: 1, kind: { type: "delay", ms: 300 } });
    t.fake.send(carol, { text: "first" });
    await t.fake.until(() => t.fake.callsOf("copyMessage").length === 1);
    sqlite().pragma("query_only = ON");
    await t.fake.until(() => t.fake.botMessages(ADA).some((s) => s.message.text === "first"));
    await new Promise((r) => setTimeout(r, 300));
    sqlite().pragma("query_only = OFF");
    // The next one is stored while delivery is paused, then meets a 502 while read-only: its retry cannot be written.
    await t.app.worker.stop();
    t.fake.send(carol, { text: "second" });
    await t.fake.until(() => count("select count(*) n from messages where direction = 'in'") === 2);
    sqlite().pragma("query_only = ON");
    t.fake.fault({ method: "copyMessage", chatId: ADA, times: 1, kind: { type: "error", code: 502, description: "Bad Gateway" } });
    t.app.worker.start();
    await t.fake.until(() => t.fake.calls.some((c) => c.status === 502));
    await new Promise((r) => setTimeout(r, 300));
    sqlite().pragma("query_only = OFF");
    await t.fake.until(() => pendingCount(t.app.db) === 0, 10_000);
    const texts = t.fake.botMessages(ADA).map((s) => s.message.text);
    expect(texts.filter((text) => text === "first")).toHaveLength(1);
    expect(texts.filter((text) => text === "second")).toHaveLength(1);
    expect(count("select count(*) n from outbox where status = 'sent'")).toBe(count("select count(*) n from outbox"));
  });
});
