import { beforeEach, describe, expect, it } from "vitest";
import { getChat } from "../src/rules/chats.js";
import { pendingCount } from "../src/rules/outbox.js";
import { watchdogTick } from "../src/rules/watchdog.js";
import { consoleForEachTest } from "./support/console.js";
import { addOperator } from "./support/team.js";

const ADA = 100;
const ANN = 101;
const MIN = 60_000;
const AUTO = "Thank you for your message. We are outside business hours right now; we will answer as soon as we are back.";

// A running clock set to chosen instants (delivery's pacing needs time to pass), Berlin being UTC+1 in winter.
let anchor = 0;
let realStart = Date.now();
const clock = () => anchor + (Date.now() - realStart);
function setNow(iso: string) {
  anchor = Date.parse(iso);
  realStart = Date.now();
}

const t = consoleForEachTest({ adminIds: [ADA], clock });

beforeEach(() => {
  setNow("2026-11-30T10:00:00Z");
  t.fake.user(ADA, "Ada");
  addOperator(t.app.db, t.fake.user(ANN, "Ann"));
});

const user = (id: number) => t.fake.world.chat(id)!.chat as any;
const texts = (id: number) => t.fake.botMessages(id).map((s) => s.message.text ?? "");
const sql = <T>(query: string) => t.app.db.$client.prepare(query).all() as T[];

async function command(text: string, from = ADA): Promise<string> {
  const before = t.fake.botMessages(from).length;
  t.fake.send(user(from), { text });
  return (await t.fake.until(() => t.fake.botMessages(from)[before])).message.text ?? "";
}

async function setBerlinWeek() {
  expect(await command("/hours Mon-Fri 09:00-18:00 Europe/Berlin")).toContain("🕘 Business hours (Europe/Berlin): Mon–Fri 09:00–18:00");
}

/** The client writes; resolves once the message is stored and everything it queued was sent. */
async function clientWrites(text: string) {
  const carol = t.fake.world.chat(500) ? user(500) : t.fake.user(500, "Carol");
  t.fake.send(carol, { text });
  await t.fake.until(() => sql<{ text: string }>("select text from messages").some((m) => m.text === text));
  t.app.worker.kick();
  await t.fake.until(() => pendingCount(t.app.db) === 0);
}

describe("/hours", () => {
  it("shows, sets and explains the hours, days off and the automatic answer", async () => {
    expect(await command("/hours")).toMatch(/^🕘 No business hours are set/);
    await setBerlinWeek();
    expect(await command("/hours off 2026-12-25")).toContain("Days off: 2026-12-25");
    expect(await command("/hours open 2026-12-25")).toContain("Days off: none");
    expect(await command("/hours Mon-Fri 09:00-18:00 Mars/Olympus")).toBe(
      "Mars/Olympus is not a time zone. Use a name like Europe/Berlin, America/New_York or UTC.",
    );
    expect(await command("/hours Mon-Fri 18:00-09:00 UTC")).toMatch(/^Each opening must end after it starts/);
    expect(await command("/hours off 2026-02-30")).toBe("Write the date as 2026-12-25.");
    expect(await command("/hours message ru Мы ответим утром.")).toContain("the team's own text for ru");
    // Monday 11:00 in Berlin.
    expect(await command("/hours")).toContain("Open now.");
  });

  it("is refused to operators, and changes nothing", async () => {
    expect(await command("/hours Mon-Fri 09:00-18:00 Europe/Berlin", ANN)).toBe("Only an admin can do this.");
    expect(sql("select * from settings where key = 'businessHours'")).toEqual([]);
  });
});

describe("outside business hours", () => {
  it("answers a client once per off-hours period, also across a restart, and never inside hours", async () => {
    await setBerlinWeek();
    // Saturday noon in Berlin.
    setNow("2026-11-28T11:00:00Z");
    await clientWrites("hello?");
    await clientWrites("anyone there?");
    expect(texts(500).filter((x) => x === AUTO)).toHaveLength(1);
    await t.restart();
    await clientWrites("still here");
    expect(texts(500).filter((x) => x === AUTO)).toHaveLength(1);
    // Monday 10:00 in Berlin: open, no automatic answer.
    setNow("2026-11-30T09:00:00Z");
    await clientWrites("good morning");
    expect(texts(500).filter((x) => x === AUTO)).toHaveLength(1);
    // Monday 19:00: a new off-hours period, a new answer.
    setNow("2026-11-30T18:00:00Z");
    await clientWrites("evening question");
    expect(texts(500).filter((x) => x === AUTO)).toHaveLength(2);
    expect(sql("select period_ends_at from off_hours_answers order by period_ends_at")).toEqual([
      { period_ends_at: Date.parse("2026-11-30T08:00:00Z") },
      { period_ends_at: Date.parse("2026-12-01T08:00:00Z") },
    ]);
  });

  it("answers in the client's language, with the team's own text when an admin wrote one", async () => {
    await setBerlinWeek();
    await command("/hours message ru Мы ответим утром.");
    setNow("2026-11-28T11:00:00Z");
    t.fake.send({ ...t.fake.user(501, "Олег"), language_code: "ru" } as any, { text: "привет" });
    await t.fake.until(() => texts(501).includes("Мы ответим утром."));
  });

  it("lets the watchdog wait until hours start, and counts only business time in it and in first responses", async () => {
    await setBerlinWeek();
    // Friday 17:55 in Berlin: five business minutes before closing.
    setNow("2026-11-27T16:55:00Z");
    await clientWrites("quick question");
    // Saturday: 17 clock hours later, but only 5 business minutes: no reminder (default 5 min waits for 5, alarm 10).
    setNow("2026-11-28T10:00:00Z");
    expect(watchdogTick(t.app.db, clock)).toEqual({ reminded: [], escalated: [] });
    // Monday 09:00 exactly: still 5 minutes of business time, so the reminder is due now.
    setNow("2026-11-30T08:00:10Z");
    expect(watchdogTick(t.app.db, clock)).toEqual({ reminded: [1], escalated: [] });
    t.app.worker.kick();
    await t.fake.until(() => texts(ANN).some((x) => x === "⏰ #1 Carol has waited 5 min and nobody has answered yet."));
    // Monday 09:10: ten business minutes, the team is alerted.
    setNow("2026-11-30T08:05:10Z");
    expect(watchdogTick(t.app.db, clock)).toEqual({ reminded: [], escalated: [1] });

    // Ann answers at Monday 09:10: 15 business minutes after the question, though days went by.
    setNow("2026-11-30T08:10:00Z");
    const copy = t.fake.botMessages(ANN).find((s) => s.message.text === "quick question")!;
    t.fake.send(user(ANN), { text: "Here you are" }, { replyTo: copy.message.message_id });
    await t.fake.until(() => getChat(t.app.db, 1)?.awaitingReplySince === null);
    const [answer] = sql<{ raw: number; business: number }>(
      "select first_response_ms raw, first_response_business_ms business from messages where direction = 'out'",
    );
    expect(Math.round(answer!.business / MIN)).toBe(15);
    expect(answer!.raw).toBeGreaterThan(2 * 24 * 60 * MIN);
    const report = await command("/report");
    expect(report).toContain("⏱ First response within business hours only\n");
    expect(report).toMatch(/Ann: median 15m 0\ds, p90 15m 0\ds\nTeam: median 15m 0\ds/);
  });
});
