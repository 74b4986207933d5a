import { inflateSync } from "node:zlib";
import { beforeEach, describe, expect, it } from "vitest";
import type { Stored } from "./support/fake-telegram/world.js";
import { button, labels } from "./support/buttons.js";
import { consoleForEachTest } from "./support/console.js";
import { pngSize } from "./support/fake-telegram/methods.js";
import { addOperator } from "./support/team.js";
import { reportDays } from "../src/rules/report-chart.js";
import { claim, closeChat } from "../src/rules/responsibles.js";
import { reportChartSvg } from "../src/views/report-chart.js";

const ADA = 100;
const ANN = 101;
const t = consoleForEachTest();

beforeEach(() => {
  addOperator(t.app.db, t.fake.user(ADA, "Ada"), { role: "admin", notifyChannel: "off" });
  addOperator(t.app.db, t.fake.user(ANN, "Ann <b>&"), { notifyChannel: "off" });
});

const ada = () => t.fake.world.chat(ADA)!.chat as any;

/** The photo the bot sent to a chat after `before` messages, with its uploaded bytes. */
async function photoTo(chatId: number, before: number): Promise<{ stored: Stored; bytes: Buffer }> {
  const stored = await t.fake.until(() =>
    t.fake
      .botMessages(chatId)
      .slice(before)
      .find((s) => s.message.photo),
  );
  return { stored, bytes: t.fake.photos.get(`${chatId}:${stored.message.message_id}`)! };
}

/** Decodes the PNG's pixels far enough to tell a drawn picture from a blank one: how many bytes are not white. */
function inkedBytes(png: Buffer): number {
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    if (png.toString("latin1", at + 4, at + 8) === "IDAT") idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  return inflateSync(Buffer.concat(idat)).filter((b) => b !== 0xff && b !== 0).length;
}

describe("/report's chart", () => {
  it("follows the report with a PNG of the period, and the 📈 button sends the picture of another period", async () => {
    t.fake.send(t.fake.user(500, "Carol"), { text: "hello" });
    t.fake.send(t.fake.user(501, "Dan"), { text: "hi" });
    await t.fake.until(() => (t.app.db.$client.prepare("select count(*) n from chats").get() as { n: number }).n === 2);
    claim(t.app.db, 1, ANN, t.app.deps.clock);
    expect(closeChat(t.app.db, 1, ANN, t.app.deps.clock).ok).toBe(true);

    t.fake.send(ada(), { text: "/report 7d" });
    const report = await t.fake.until(() => t.fake.botMessages(ADA).find((s) => s.message.text?.startsWith("📊")));
    const { stored, bytes } = await photoTo(ADA, 0);
    // The text first, then the picture.
    expect(stored.message.message_id).toBeGreaterThan(report.message.message_id);
    expect(stored.message.caption).toBe("📈 7 days: new chats, closed chats and the median first response per day; chats per operator.");
    const size = pngSize(bytes)!;
    expect(size.width).toBe(1000);
    expect(size.height).toBeGreaterThan(400);
    expect(size.height).toBeLessThan(1500);
    expect(inkedBytes(bytes)).toBeGreaterThan(10_000);
    expect(labels(report)).toContain("📄 CSV");

    const before = t.fake.botMessages(ADA).length;
    t.fake.press(ada(), report.message, button(report, "Chart"));
    const again = await photoTo(ADA, before);
    expect(again.stored.message.caption).toMatch(/^📈 7 days/);
    expect(pngSize(again.bytes)).toEqual(size);
  });

  it("draws an empty period as a readable chart that says there is nothing", async () => {
    t.fake.send(ada(), { text: "/report" });
    const { stored, bytes } = await photoTo(ADA, 0);
    expect(stored.message.caption).toMatch(/^📈 today/);
    expect(pngSize(bytes)).toEqual({ width: 1000, height: 470 });
    expect(inkedBytes(bytes)).toBeGreaterThan(1_000);
    const svg = reportChartSvg((key) => key, "today", reportDays(t.app.db, Date.now() - 1000, Date.now()), []);
    expect(svg).toContain(">report-empty</text>");
  });

  it("counts each day's new chats, closings and first responses; an operator's chart has their own", () => {
    const day = 24 * 60 * 60 * 1000;
    const noon = new Date();
    noon.setHours(12, 0, 0, 0);
    const today = noon.getTime();
    const db = t.app.db.$client;
    const chat = db.prepare(
      "insert into chats (telegram_chat_id, kind, title, created_at, last_activity_at) values (?, 'private', 'C', ?, ?)",
    );
    chat.run(1, today - 2 * day, today - 2 * day);
    chat.run(2, today - 2 * day + 1000, today);
    chat.run(3, today, today);
    const answer = db.prepare(
      "insert into messages (chat_id, direction, author_operator_id, sender_name, kind, text, source_chat_id, source_message_id, first_response_ms, created_at) values (?, 'out', ?, 'x', 'text', 'ok', ?, ?, ?, ?)",
    );
    answer.run(1, ANN, ANN, 1, 60_000, today - 2 * day);
    answer.run(2, ADA, ADA, 1, 180_000, today - 2 * day);
    answer.run(3, ANN, ANN, 2, 30_000, today);
    db.prepare("insert into closures (chat_id, by_operator_id, responsible_id, opened_at, closed_at) values (1, ?, ?, ?, ?)").run(
      ANN,
      ANN,
      today - 2 * day,
      today - day,
    );
    const days = reportDays(t.app.db, today - 3 * day, today + 1);
    expect(days).toHaveLength(4);
    expect(days.map((d) => [d.newChats, d.closedChats, d.firstResponseMedianMs])).toEqual([
      [0, 0, null],
      [2, 0, 120_000],
      [0, 1, null],
      [1, 0, 30_000],
    ]);
    const own = reportDays(t.app.db, today - 3 * day, today + 1, ADA);
    expect(own.map((d) => [d.newChats, d.closedChats, d.firstResponseMedianMs])).toEqual([
      [0, 0, null],
      [2, 0, 180_000],
      [0, 0, null],
      [1, 0, null],
    ]);
    // Names from Telegram profiles are text in the picture, never markup.
    const svg = reportChartSvg((key) => key, "7d", days, [
      {
        operatorId: ANN,
        name: "Ann <b>&",
        assigned: 2,
        closed: 1,
        messagesSent: 3,
        firstResponseMedianMs: null,
        firstResponseP90Ms: null,
        resolutionMedianMs: null,
        reassignedIn: 0,
        reassignedOut: 0,
      },
    ]);
    expect(svg).toContain("Ann &#60;b&#62;&#38;");
    expect(svg).not.toContain("<b>");
  });
});
