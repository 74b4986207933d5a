import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateStore } from "../../bench/store-generator.js";
import { type Db, openDatabase } from "../../src/db/client.js";
import { DAY_MS } from "../../src/db/schema.js";
import { unpackSamples } from "../../src/rules/packed-samples.js";
import { reportDays } from "../../src/rules/report-chart.js";
import { assignmentFigures, median, rawPeriodFigures, teamReport } from "../../src/rules/reports.js";
import { tempDir } from "../support/console.js";

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
/** The migration that added the hourly roll-up (the lead may renumber it). */
const REPORT_HOURS_MIGRATION = "0029_report_hours.sql";
let dir: ReturnType<typeof tempDir>;
let db: Db;
let newest = 0;
let operatorIds: number[] = [];

// A store shaped like real traffic (sessions, reopenings, reassignments, deactivated operators), written by the
// generator's raw inserts, so the roll-up is kept by the triggers alone.
beforeAll(() => {
  dir = tempDir();
  const path = `${dir.path}/store.sqlite`;
  generateStore(path, 600, 8_000, 7);
  db = openDatabase(path);
  newest = (db.$client.prepare("select max(created_at) t from messages").get() as { t: number }).t;
  operatorIds = (db.$client.prepare("select id from operators order by id").all() as Array<{ id: number }>).map((r) => r.id);
}, 120_000);
afterAll(() => {
  db.$client.close();
  dir.remove();
});

/** Periods of every shape: the commands' (not on day boundaries), whole UTC days, inside one day, the whole store. */
function periods(): Array<[number, number]> {
  const end = newest + 1;
  const dayStart = Math.floor(newest / DAY_MS) * DAY_MS;
  return [
    [end - 30 * DAY_MS, end],
    [end - 7 * DAY_MS, end],
    [end - DAY_MS, end],
    [dayStart - 30 * DAY_MS, dayStart],
    [dayStart - 10 * DAY_MS + 3 * HOUR, dayStart - 2 * DAY_MS + 5 * HOUR],
    [dayStart + HOUR, dayStart + 2 * HOUR],
    [dayStart - 2 * DAY_MS, dayStart - DAY_MS],
    // Partial hours at the ends: inside one day, across a midnight, inside one hour, whole days and hours besides.
    [dayStart - DAY_MS + HOUR + 17 * MINUTE, dayStart - DAY_MS + 9 * HOUR + 3 * MINUTE],
    [dayStart - 3 * HOUR - 7 * MINUTE, dayStart + 2 * HOUR + 11 * MINUTE],
    [dayStart - 5 * HOUR + 10 * MINUTE, dayStart - 5 * HOUR + 50 * MINUTE],
    [dayStart - 3 * DAY_MS - 30 * MINUTE, dayStart + 30 * MINUTE],
    // Ending mid-hour with the rest of that hour stored (its hour's row would count too much), and ending now.
    [dayStart - DAY_MS + 4 * HOUR, dayStart - DAY_MS + 4 * HOUR + 25 * MINUTE],
    [Math.floor(newest / HOUR) * HOUR - 2 * HOUR, end],
    [0, end + DAY_MS],
  ];
}

/** The assignment counts by the definition, one assignment row at a time: what the report's SQL must agree with. */
function assignmentsOneByOne(from: number, to: number) {
  const rows = db.$client
    .prepare("SELECT to_operator_id, from_operator_id, chat_id FROM assignments WHERE at >= ? AND at < ?")
    .raw()
    .all(from, to) as Array<[number | null, number | null, number]>;
  const chatsOf = new Map<number | null, Set<number>>([[null, new Set()]]);
  const reassignedIn = new Map<number | null, number>([[null, 0]]);
  const reassignedOut = new Map<number | null, number>([[null, 0]]);
  const bump = (m: Map<number | null, number>, op: number | null) => m.set(op, (m.get(op) ?? 0) + 1);
  for (const [toOp, fromOp, chat] of rows) {
    if (toOp === null) continue;
    if (!chatsOf.has(toOp)) chatsOf.set(toOp, new Set());
    chatsOf.get(toOp)!.add(chat);
    chatsOf.get(null)!.add(chat);
    if (fromOp !== null && fromOp !== toOp) {
      for (const op of [toOp, null]) bump(reassignedIn, op);
      for (const op of [fromOp, null]) bump(reassignedOut, op);
    }
  }
  return { assigned: new Map([...chatsOf].map(([op, set]) => [op, set.size])), reassignedIn, reassignedOut };
}

describe("the report's assignment counts", () => {
  it("are the definition's: distinct chats per operator and for the team, reassignments in and out", () => {
    for (const [from, to] of periods()) expect(assignmentFigures(db, from, to)).toEqual(assignmentsOneByOne(from, to));
    const month = assignmentFigures(db, newest + 1 - 30 * DAY_MS, newest + 1);
    expect(month.assigned.get(null)).toBeGreaterThan(100);
    expect(month.reassignedIn.get(null)).toBeGreaterThan(0);
  });
});

/** The chart's days by the definition: every row read and put in its local day, the medians of the whole day's waits. */
function chartDaysOneByOne(from: number, to: number, op?: number) {
  const days = reportDays(db, from, to, op).map((d) => ({
    ...d,
    newChats: 0,
    closedChats: 0,
    firstResponseMedianMs: null as number | null,
  }));
  const dayOf = (at: number) => days.findLastIndex((d) => d.start <= at);
  const rows = (query: string) => db.$client.prepare(query).raw().all(from, to) as number[][];
  for (const [at] of rows("SELECT created_at FROM chats WHERE created_at >= ? AND created_at < ?")) days[dayOf(at!)]!.newChats++;
  for (const [at, who] of rows(
    "SELECT closed_at, coalesce(responsible_id, by_operator_id) FROM closures WHERE closed_at >= ? AND closed_at < ?",
  ))
    if (op === undefined || who === op) days[dayOf(at!)]!.closedChats++;
  const waits = days.map(() => [] as number[]);
  for (const [at, who, wait] of rows(
    "SELECT created_at, author_operator_id, first_response_ms FROM messages WHERE created_at >= ? AND created_at < ? AND author_operator_id IS NOT NULL AND first_response_ms IS NOT NULL",
  ))
    if (op === undefined || who === op) waits[dayOf(at!)]!.push(wait!);
  for (const [i, d] of days.entries()) d.firstResponseMedianMs = median(waits[i]!);
  return days;
}

describe("the report chart's days", () => {
  it("count and take medians as the definition does, for the team and for one operator, over periods of every shape", () => {
    for (const [from, to] of periods().slice(0, -1)) {
      expect(reportDays(db, from, to)).toEqual(chartDaysOneByOne(from, to));
      expect(reportDays(db, from, to, operatorIds[1])).toEqual(chartDaysOneByOne(from, to, operatorIds[1]));
    }
    const month = reportDays(db, newest + 1 - 30 * DAY_MS, newest + 1);
    expect(month.filter((d) => d.firstResponseMedianMs !== null).length).toBeGreaterThan(20);
    expect(month.reduce((n, d) => n + d.closedChats, 0)).toBeGreaterThan(0);
  });
});

describe("the per-day report roll-up", () => {
  it("gives the raw computation's report exactly, for the team and for each operator, over periods of every shape", () => {
    expect((db.$client.prepare("select count(*) n from report_days").get() as { n: number }).n).toBeGreaterThan(0);
    for (const [from, to] of periods()) {
      const raw = teamReport(db, from, to, undefined, rawPeriodFigures);
      expect(teamReport(db, from, to), `period ${new Date(from).toISOString()}..${new Date(to).toISOString()}`).toEqual(raw);
      expect(raw.totals.messagesSent + raw.totals.closed).toBeGreaterThanOrEqual(0);
      for (const op of operatorIds.slice(0, 5))
        expect(teamReport(db, from, to, op)).toEqual(teamReport(db, from, to, op, rawPeriodFigures));
    }
    // The long periods must have had something to compare.
    expect(teamReport(db, newest + 1 - 30 * DAY_MS, newest + 1).totals.messagesSent).toBeGreaterThan(100);
  });

  it("is filled by the migrations from rows written before it existed", () => {
    const statements = (file: string) =>
      readFileSync(resolve(import.meta.dirname, `../../migrations/${file}`), "utf8").split("--> statement-breakpoint");
    const fill = statements("0017_report_days_fill.sql").filter((s) => s.trim().startsWith("INSERT"));
    expect(fill).toHaveLength(2);
    const rows = () => db.$client.prepare("select * from report_days order by day, operator_id").all() as Array<Record<string, unknown>>;
    const before = rows();
    // The table as it was made, filled with JSON; the packing migration converts that (and remakes the triggers).
    db.$client.exec("DROP TRIGGER report_days_assignment");
    db.$client.exec("DROP TABLE report_days");
    for (const statement of statements("0016_report_days.sql")) db.$client.exec(statement);
    for (const statement of fill) db.$client.exec(statement);
    expect(typeof rows()[0]!.closings).toBe("string");
    for (const statement of statements("0026_report_days_packed.sql")) db.$client.exec(statement);
    const after = rows();
    expect(after.reduce((n, r) => n + (r.reassigned_out as number), 0)).toBeGreaterThan(0);
    // The same rows; samples and chats may be in another order, which the report's selection does not see.
    expect(normal(after)).toEqual(normal(before));
    for (const [from, to] of periods()) expect(teamReport(db, from, to)).toEqual(teamReport(db, from, to, undefined, rawPeriodFigures));
  });
  it("is filled by the hourly roll-up's migration as its triggers keep it", () => {
    const statements = readFileSync(resolve(import.meta.dirname, `../../migrations/${REPORT_HOURS_MIGRATION}`), "utf8").split(
      "--> statement-breakpoint",
    );
    const rows = () => db.$client.prepare("select * from report_hours order by hour, operator_id").all() as Array<Record<string, unknown>>;
    const before = rows();
    expect(before.length).toBeGreaterThan(100);
    for (const trigger of ["report_hours_message", "report_hours_closure", "report_hours_assignment"])
      db.$client.exec(`DROP TRIGGER ${trigger}`);
    db.$client.exec("DROP TABLE report_hours");
    for (const statement of statements) db.$client.exec(statement);
    expect(normal(rows())).toEqual(normal(before));
    for (const [from, to] of periods()) expect(teamReport(db, from, to)).toEqual(teamReport(db, from, to, undefined, rawPeriodFigures));
  });
});

/** Roll-up rows with their packed samples unpacked and sorted: a fill may keep them in another order. */
function normal(rows: Array<Record<string, unknown>>): Array<Record<string, unknown>> {
  const sorted = (packed: unknown) => {
    const values: number[] = [];
    unpackSamples(packed as Uint8Array, values);
    return values.sort((a, b) => a - b);
  };
  return rows.map((r) => ({
    ...r,
    first_responses: sorted(r.first_responses),
    closings: sorted(r.closings),
    assigned_chats: sorted(r.assigned_chats),
  }));
}
