import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getChatByTelegramId } from "../src/rules/chats.js";
import { pendingCount } from "../src/rules/outbox.js";
import { assign } from "../src/rules/responsibles.js";
import { watchdogTick } from "../src/rules/watchdog.js";
import { button, labels } from "./support/buttons.js";
import { consoleForEachTest } from "./support/console.js";
import type { Stored } from "./support/fake-telegram/world.js";
import { addOperator } from "./support/team.js";

const ADMIN = 90;
const OP = 100;
const MIN = 60_000;
let offset = 0;
const clock = () => Date.now() + offset;

// Pacing-bound like Telegram (a few sends a second to one chat), so the order of the operator's queue decides
// who waits: a FIFO queue would put a whole flood ahead of everyone else.
const t = consoleForEachTest({ clock, limits: { perSecond: 30, burst: 5, perChatPerSecond: 5, perChatBurst: 1 } });

// The next test's console is built on the real clock: its pacer never sees time go backwards.
afterEach(() => {
  offset = 0;
});

beforeEach(() => {
  // The admin acts (assigns) but hears nothing, so the operator's chat is the only one under test.
  addOperator(t.app.db, t.fake.user(ADMIN, "Admin"), { role: "admin", notifyChannel: "off" });
  addOperator(t.app.db, t.fake.user(OP, "Olga"));
});

const seen = () => t.fake.botMessages(OP);
const text = (s: Stored) => s.message.text ?? s.message.caption ?? "";
const isCard = (s: Stored) => text(s).startsWith("💬 #");
const isFold = (s: Stored) => /sent \d+ more messages?/.test(text(s));
const foldCount = (s: Stored) => Number(/sent (\d+) more/.exec(text(s))![1]);
const storedIn = (telegramChatId: number) =>
  (
    t.app.db.$client
      .prepare("select count(*) n from messages m join chats c on c.id = m.chat_id where c.telegram_chat_id = ?")
      .get(telegramChatId) as { n: number }
  ).n;

/**
 * How many sends reached the operator after `from` up to and including the first that matches; waits until it
 * arrives or `limit` sends have gone by without it (then the answer is over the limit).
 */
async function sendsUntil(from: number, limit: number, match: (s: Stored) => boolean): Promise<number> {
  const position = () => seen().slice(from).findIndex(match);
  await t.fake
    .until(() => position() >= 0 || seen().length >= from + limit, 60_000)
    .catch((e) => {
      throw new Error(
        `${e}: ${JSON.stringify(seen().slice(from).map(text))} pending ${JSON.stringify(t.app.db.$client.prepare("select id, kind, chat_id, urgent, card_first, not_before - ? ahead, attempts, last_error from outbox where status = 'pending'").all(clock()))}`,
      );
    });
  const at = position();
  return at >= 0 && at < limit ? at + 1 : Number.POSITIVE_INFINITY;
}

/** Waits for `count` more messages in the operator's chat after `from` and returns them. */
async function nextSends(from: number, count: number): Promise<Stored[]> {
  await t.fake.until(() => seen().length >= from + count, 30_000);
  return seen().slice(from, from + count);
}

/** Every message about a chat sits under that chat's card: the operator always knows whose message it is. */
function expectCardsBeforeEachChange(messages: Stored[], chatOfText: (s: Stored) => string | undefined): void {
  let current: string | undefined;
  for (const s of messages) {
    if (isCard(s)) current = /· (\w+)/.exec(text(s))![1];
    const about = chatOfText(s);
    if (about !== undefined) expect(current, `"${text(s).slice(0, 40)}" under the card of ${current}`).toBe(about);
  }
}

describe("one client's flood does not starve the others", () => {
  it("lets another client's message and a watchdog alert through within a handful of sends during a 10,000-message flood", async () => {
    const flood = Number(process.env.FLOOD_N ?? 10_000);
    const carol = t.fake.user(500, "Carol");
    const dan = t.fake.user(501, "Dan");
    const bob = t.fake.user(502, "Bob");
    t.fake.send(dan, { text: "dan: hello" });
    await t.fake.until(() => seen().some((s) => text(s) === "dan: hello"));

    for (let i = 1; i <= flood; i++) t.fake.send(carol, { text: `flood ${i}` });
    await t.fake.until(() => storedIn(carol.id) === flood, 120_000);

    // Another client writes: at most the flood's current turn, a card and the message itself go before it.
    const beforeBob = seen().length;
    t.fake.send(bob, { text: "bob: one question" });
    await t.fake.until(() => storedIn(bob.id) === 1);
    expect(await sendsUntil(beforeBob, 10, (s) => text(s) === "bob: one question"), "sends until Bob's message").toBeLessThanOrEqual(8);

    // The watchdog's reminder about Dan is not queued behind the flood either.
    offset = 6 * MIN;
    expect(watchdogTick(t.app.db, clock).reminded).toContain(getChatByTelegramId(t.app.db, dan.id)!.id);
    t.app.worker.kick();
    const beforeAlert = seen().length;
    expect(await sendsUntil(beforeAlert, 10, (s) => /^⏰ #\d+ Dan/.test(text(s))), "sends until Dan's reminder").toBeLessThanOrEqual(5);

    await t.fake.until(() => pendingCount(t.app.db) === 0, 60_000);
    // Nothing is lost: each flood message reached the operator as a copy or is counted in a fold notice.
    const all = seen();
    const copies = all.filter((s) => text(s).startsWith("flood "));
    const folds = all.filter(isFold);
    expect(new Set(copies.map(text)).size).toBe(copies.length);
    expect(copies.length + folds.reduce((a, s) => a + foldCount(s), 0)).toBe(flood);
    expect(folds.length).toBeGreaterThan(0);
    // Updated rather than repeated: a new fold notice only after the operator was shown the cap's worth of copies.
    const foldAt = all.map((s, i) => (isFold(s) ? i : -1)).filter((i) => i >= 0);
    for (let k = 1; k < foldAt.length; k++) {
      expect(all.slice(foldAt[k - 1]!, foldAt[k]).filter((s) => text(s).startsWith("flood ")).length).toBeGreaterThanOrEqual(20);
    }
    for (const f of folds) expect(labels(f)).toContain("📜 History");
    expectCardsBeforeEachChange(all, (s) =>
      text(s).startsWith("flood ") || isFold(s) ? "Carol" : text(s).startsWith("bob:") ? "Bob" : undefined,
    );

    // Every message is stored, and the fold's History button shows the newest.
    expect(storedIn(carol.id)).toBe(flood);
    const beforeHistory = seen().length;
    t.fake.press(t.fake.user(OP, "Olga"), folds.at(-1)!.message, button(folds.at(-1)!, "History"));
    const [history] = await nextSends(beforeHistory, 1);
    expect(text(history!)).toContain(`Carol: flood ${flood}`);
  }, 240_000);

  it("folds the overflow into one notice with the right count, keeps albums whole, and sends events first", async () => {
    const carol = t.fake.user(500, "Carol");
    const bob = t.fake.user(502, "Bob");
    // Telegram is slower than the clients: nothing goes out while they write (the worker is held).
    await t.app.worker.stop();
    for (let i = 1; i <= 19; i++) t.fake.send(carol, { text: `flood ${i}` });
    const album = [1, 2, 3].map((i) =>
      t.fake.send(carol, { photo: true, caption: i === 1 ? "album one" : undefined }, { mediaGroupId: "a1" }),
    );
    for (let i = 20; i <= 49; i++) t.fake.send(carol, { text: `flood ${i}` });
    [1, 2].forEach((i) => {
      t.fake.send(carol, { photo: true, caption: i === 1 ? "album two" : undefined }, { mediaGroupId: "a2" });
    });
    t.fake.send(bob, { text: "bob: one question" });
    await t.fake.until(() => storedIn(carol.id) === 54 && storedIn(bob.id) === 1, 20_000);
    // An event queued after the flood: the chat is assigned to the operator.
    const carolChat = getChatByTelegramId(t.app.db, carol.id)!;
    expect(assign(t.app.db, carolChat.id, OP, { operatorId: ADMIN }, clock).ok).toBe(true);
    await new Promise((r) => setTimeout(r, 1000)); // the albums' gathering window passes

    t.app.worker.start();
    await t.fake
      .until(() => pendingCount(t.app.db) === 0, 30_000)
      .catch((e) => {
        throw new Error(
          `${e} ${JSON.stringify(t.app.db.$client.prepare("select id, kind, payload, urgent, card_first, not_before - ? ahead, attempts, last_error from outbox where status = 'pending'").all(clock()))} ${JSON.stringify(seen().map(text).slice(-8))}`,
        );
      });
    const all = seen();
    const lines = all.map(text);

    // The event goes ahead of every copy of the flood, and Bob's message after at most one turn of Carol's.
    const assigned = lines.findIndex((l) => l.startsWith("📌 Admin made you responsible for #1 Carol"));
    const firstCopy = lines.findIndex((l) => l.startsWith("flood "));
    expect(assigned).toBeGreaterThanOrEqual(0);
    expect(assigned).toBeLessThan(firstCopy);
    expect(lines.indexOf("bob: one question")).toBeLessThan(firstCopy + 8);

    // 19 texts and the first album (one copyMessages call, all three parts) are copied; the rest is one notice.
    expect(lines.filter((l) => l.startsWith("flood "))).toEqual(Array.from({ length: 19 }, (_, i) => `flood ${i + 1}`));
    const albumCalls = t.fake.callsOf("copyMessages").filter((c) => c.params.chat_id === OP);
    expect(albumCalls.map((c) => c.params.message_ids)).toEqual([album.map((m) => m.message_id)]);
    const folds = all.filter(isFold);
    expect(folds.map(text)).toEqual(["📨 Carol sent 32 more messages. All of them are in the chat's 📜 History."]);
    expect(lines.indexOf(text(folds[0]!))).toBeGreaterThan(lines.lastIndexOf("flood 19"));
    expectCardsBeforeEachChange(all, (s) =>
      text(s).startsWith("flood ") || isFold(s) ? "Carol" : text(s).startsWith("bob:") ? "Bob" : undefined,
    );

    // Replying to the notice answers Carol, like a reply to her card.
    t.fake.send(t.fake.user(OP, "Olga"), { text: "Slow down please" }, { replyTo: folds[0]!.message.message_id });
    await t.fake.until(() => t.fake.botMessages(carol.id).some((s) => text(s) === "Slow down please"));
  }, 90_000);
});
