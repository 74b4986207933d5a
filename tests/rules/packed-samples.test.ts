import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Db, openDatabase } from "../../src/db/client.js";
import { unpackSamples } from "../../src/rules/packed-samples.js";
import { tempDir } from "../support/console.js";

// Every form of the encoding and its edges: whole milliseconds up to the 4-byte limit and just past it, negative
// waits (a clock set back), the fractions a generated store's opened_at leaves (steps of 2^-12), fractions no
// timestamp difference gives, and values too large for the fixed-point form.
const EDGES = [
  0,
  1,
  255,
  256,
  59_999,
  60_000,
  86_400_000,
  4_026_531_839,
  4_026_531_840,
  4_294_967_295,
  4_294_967_296,
  3_244_489_171,
  -1,
  -16_342,
  59_999.896_972_656_25,
  0.000_244_140_625,
  -0.5,
  0.1,
  1 / 3,
  -2.5e-7,
  2 ** 35,
  2 ** 35 + 0.5,
  2 ** 53,
  1e20,
  -1e20,
  1.5e300,
];
const WHOLE = EDGES.filter((v) => Number.isSafeInteger(v));

let dir: ReturnType<typeof tempDir>;
let db: Db;
beforeEach(() => {
  dir = tempDir();
  db = openDatabase(`${dir.path}/store.sqlite`);
  // Bare rows for the triggers: the chats and operators they name do not matter to the roll-up.
  db.$client.pragma("foreign_keys = OFF");
});
afterEach(() => {
  db.$client.close();
  dir.remove();
});

const DAY = 86_400_000;
const run =
  (query: string) =>
  (...args: unknown[]) =>
    db.$client.prepare(query).run(...args);
const closing = run("INSERT INTO closures (chat_id, by_operator_id, responsible_id, opened_at, closed_at) VALUES (1, ?, NULL, ?, ?)");
const answer = run(
  `INSERT INTO messages (chat_id, direction, author_operator_id, sender_name, kind, source_chat_id, source_message_id, first_response_ms, created_at)
   VALUES (1, 'out', ?, 'op', 'text', 1, ?, ?, ?)`,
);

/** An operator's roll-up row (their only one, or the given day's), samples unpacked. */
function rolledUp(op: number, day?: number): { fr: number[]; cl: number[]; sent: number } {
  const row = db.$client
    .prepare("SELECT first_responses, closings, messages_sent FROM report_days WHERE operator_id = ? AND (? IS NULL OR day = ?)")
    .get(op, day ?? null, day ?? null) as { first_responses: Uint8Array; closings: Uint8Array; messages_sent: number };
  const fr: number[] = [];
  const cl: number[] = [];
  unpackSamples(row.first_responses, fr);
  unpackSamples(row.closings, cl);
  return { fr, cl, sent: row.messages_sent };
}

describe("the roll-up's packed samples", () => {
  it("give back every closing's duration exactly, in every form of the encoding", () => {
    const closedAt = 1_790_577_857_998;
    for (const v of EDGES) closing(7, closedAt - v, closedAt);
    // What SQLite computed for closed_at - opened_at (a double), which the raw report reads too.
    const raw = (db.$client.prepare("SELECT closed_at - opened_at v FROM closures ORDER BY id").raw().all() as number[][]).map((r) => r[0]);
    expect(rolledUp(7).cl).toEqual(raw);
    expect(raw).toContain(59_999.896_972_656_25);
    // A duration alone in a day's row, and a far day: the first value of a row takes the insert's path.
    closing(8, 0, 0.1);
    expect(rolledUp(8).cl).toEqual([0.1]);
  });

  it("give back every answer's first-response time exactly, and skip answers without one", () => {
    let id = 0;
    for (const v of [...WHOLE, null]) answer(9, ++id, v, 20_000 * DAY + id);
    expect(rolledUp(9)).toEqual({ fr: WHOLE, cl: [], sent: WHOLE.length + 1 });
  });

  it("are converted from the JSON rows of the stores written before by the migration", () => {
    // Back to the old format: rows as the JSON triggers left them, then the migration run over them again.
    db.$client.exec("DROP TRIGGER report_days_assignment");
    db.$client.exec("DROP TABLE report_days");
    db.$client.exec(
      "CREATE TABLE report_days (operator_id integer NOT NULL, day integer NOT NULL, messages_sent integer DEFAULT 0 NOT NULL, first_responses text DEFAULT '[]' NOT NULL, closings text DEFAULT '[]' NOT NULL, PRIMARY KEY(day, operator_id))",
    );
    const old = db.$client.prepare("INSERT INTO report_days VALUES (?, ?, ?, ?, ?)");
    old.run(1, 20_000, 2, JSON.stringify(WHOLE), JSON.stringify(EDGES));
    old.run(2, 20_001, 0, "[]", "[]");
    old.run(1, 19_999, 1, "[5]", "[]");
    const migration = readFileSync(resolve(import.meta.dirname, "../../migrations/0026_report_days_packed.sql"), "utf8");
    for (const step of migration.split("--> statement-breakpoint")) db.$client.exec(step);
    const rows = db.$client.prepare("SELECT operator_id, day, messages_sent FROM report_days ORDER BY rowid").all();
    // In day order now, so a period's rows sit together.
    expect(rows).toEqual([
      { operator_id: 1, day: 19_999, messages_sent: 1 },
      { operator_id: 1, day: 20_000, messages_sent: 2 },
      { operator_id: 2, day: 20_001, messages_sent: 0 },
    ]);
    expect(rolledUp(1, 20_000)).toEqual({ fr: WHOLE, cl: EDGES, sent: 2 });
    expect(rolledUp(2, 20_001)).toEqual({ fr: [], cl: [], sent: 0 });
    expect(rolledUp(1, 19_999)).toEqual({ fr: [5], cl: [], sent: 1 });
    // The triggers the migration made append to the converted rows.
    closing(1, 20_000 * DAY, 20_000 * DAY + 42);
    expect(rolledUp(1, 20_000).cl).toEqual([...EDGES, 42]);
  });

  it("refuse bytes that are no packed samples rather than read them as some", () => {
    expect(() => unpackSamples(Uint8Array.of(0xf2, 0, 0, 0), [])).toThrow(/unknown sample tag/);
    expect(() => unpackSamples(Uint8Array.of(0xf1, 5, 0x31), [])).toThrow(/past the end/);
    expect(() => unpackSamples(Uint8Array.of(0, 0, 1), [])).toThrow();
  });
});
