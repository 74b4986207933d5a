// The 30-day report and the /chats first page on a generated store, timed in this process on a fresh connection
// (CPU ms and wall ms), with the query plans: `tsx bench/probe-report.ts <store.sqlite>`. Build a store with
// `tsx bench/probe-report.ts --generate <store.sqlite> [chats] [messages]`.
import { openDatabase } from "../src/db/client.js";
import { listChats } from "../src/rules/chat-list.js";
import { teamReport } from "../src/rules/reports.js";
import { generateStore } from "./store-generator.js";

const DAY = 24 * 60 * 60 * 1000;
if (process.argv[2] === "--generate") {
  const shape = generateStore(process.argv[3]!, Number(process.argv[4] ?? 20_000), Number(process.argv[5] ?? 200_000));
  console.log(JSON.stringify(shape));
} else {
  const db = openDatabase(process.argv[2]!);
  const newest = (db.$client.prepare("select max(created_at) t from messages").get() as { t: number }).t;
  const time = (what: string, fn: () => unknown) => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    const c = process.cpuUsage(c0);
    return { what, cpuMs: Math.round((c.user + c.system) / 1000), wallMs: Math.round(performance.now() - t0) };
  };
  const runs = [
    time("report 30d, first call", () => teamReport(db, newest - 30 * DAY, newest + 1)),
    time("report 30d, second call", () => teamReport(db, newest - 30 * DAY, newest + 1)),
    time("/chats open, first page", () => listChats(db, { status: "open" }, 10, undefined, 0)),
  ];
  console.log(JSON.stringify(runs));
  db.$client.close();
}
