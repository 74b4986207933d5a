// Each query `/report 30d` and `/chats` run, and the delivery worker's look for new rows, on a generated store,
// timed in this process (CPU ms and wall ms), the first call on a fresh connection after dropping the OS page
// cache when allowed, then warm: `tsx bench/probe-report.ts <store.sqlite>`. Cold steps also say how much the
// process read from storage (/proc/self/io read_bytes, readahead included): the pages the cold call had to fetch. Build a store with
// `tsx bench/probe-report.ts --generate <store.sqlite> [chats] [messages]`. With PROBE_EVICT=file only the store's own
// pages are dropped (dd iflag=nocache: posix_fadvise DONTNEED on the file), which spares the other users of a shared
// machine their cache; the cold call then fetches the same database pages.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { openDatabase } from "../src/db/client.js";
import { listChats } from "../src/rules/chat-list.js";
import { pendingAfter } from "../src/rules/outbox.js";
import { reportDays } from "../src/rules/report-chart.js";
import { HOUR_MS } from "../src/db/schema.js";
import { keyOf, periodParts, rawOrHour } from "../src/rules/report-parts.js";
import { assignmentFigures, periodFigures, rawPeriodFigures, teamReport } from "../src/rules/reports.js";
import { deskFigures } from "../src/views/desk-report.js";
import { dropPageCache } from "./bot-process.js";
import { generateStore } from "./store-generator.js";

const DAY = 24 * 60 * 60 * 1000;
if (process.argv[2] === "--generate") {
  const shape = generateStore(process.argv[3]!, Number(process.argv[4] ?? 20_000), Number(process.argv[5] ?? 200_000));
  console.log(JSON.stringify(shape));
} else {
  const path = process.argv[2]!;
  const probe = openDatabase(path);
  // The store's last moment, as the bench's "now" just after generating it: its last message, closing or assignment.
  const newest = (
    probe.$client
      .prepare(
        "select max((select max(created_at) from messages), (select max(closed_at) from closures), (select max(at) from assignments)) t",
      )
      .get() as { t: number }
  ).t;
  probe.$client.close();
  const from = newest - 30 * DAY;
  const to = newest + 1;
  const words = (key: string) => key;
  // How the report reads the period: whole days, the partial days' whole hours, the minutes left at either end.
  const parts = periodParts(from, to);
  const steps: Array<[string, (db: ReturnType<typeof openDatabase>) => unknown]> = [
    ["report 30d (teamReport)", (db) => teamReport(db, from, to)],
    // Its parts, each cold on its own: the assignments' counts, the period's other figures (roll-ups and raw rows),
    // then each roll-up stretch's rows and each raw stretch's rows alone.
    ["  assignments", (db) => assignmentFigures(db, from, to)],
    ["  period figures (roll-ups and raw minutes)", (db) => periodFigures(db, from, to)],
    ...parts.rolledUp.map(({ table, from: a, to: b }): [string, (db: ReturnType<typeof openDatabase>) => unknown] => [
      `  ${table} rows, ${b - a} ${keyOf(table)}s`,
      (db) =>
        db.$client
          .prepare(`SELECT * FROM ${table} WHERE ${keyOf(table)} >= ? AND ${keyOf(table)} < ?`)
          .raw()
          .all(a, b),
    ]),
    // A raw stretch as the report reads it: from its hour's row when nothing follows it in that hour.
    ...parts.raw.map((stretch): [string, (db: ReturnType<typeof openDatabase>) => unknown] => [
      `  raw rows (or their hour's row), ${Math.round((stretch[1] - stretch[0]) / 60_000)} minutes`,
      (db) =>
        rawOrHour(
          db,
          stretch,
          (hour) => periodFigures(db, hour.from * HOUR_MS, hour.to * HOUR_MS),
          () => rawPeriodFigures(db, ...stretch),
        ),
    ]),
    ["report 30d desk figures", (db) => deskFigures(words, db, from, to)],
    ["report 30d chart days", (db) => reportDays(db, from, to)],
    ["/chats open, first page", (db) => listChats(db, { status: "open" }, 10, undefined, 0)],
    ["delivery: pending rows after 0", (db) => pendingAfter(db, 0, 5000)],
  ];
  const evictFile = (file: string) => {
    for (const f of [file, `${file}-wal`]) spawnSync("dd", [`if=${f}`, "iflag=nocache", "count=0", "status=none"], { stdio: "ignore" });
    return true;
  };
  const readBytes = () => Number(/read_bytes: (\d+)/.exec(readFileSync("/proc/self/io", "utf8"))?.[1] ?? Number.NaN);
  const time = (fn: () => unknown) => {
    const r0 = readBytes();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    const c = process.cpuUsage(c0);
    const wallMs = Math.round(performance.now() - t0);
    return { cpuMs: Math.round((c.user + c.system) / 1000), wallMs, readKiB: Math.round((readBytes() - r0) / 1024) };
  };
  for (const [what, fn] of steps) {
    const dropped = process.env.PROBE_EVICT === "file" ? evictFile(path) : dropPageCache();
    const db = openDatabase(path);
    const cold = time(() => fn(db));
    const warm = [time(() => fn(db)), time(() => fn(db))];
    db.$client.close();
    console.log(JSON.stringify({ what, dropped, cold, warm }));
  }
}
