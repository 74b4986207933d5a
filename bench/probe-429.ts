// Why the large-store burst (section 7) met 429s in the full bench and none alone: replays section 5's use of
// the store (measureProcess: a bot process over it, its watchdog running) and then section 7 on the same file,
// printing which calls Telegram's limits refused and what the refusing limit's second held.
//   npx tsx bench/probe-429.ts [--store <path to a copy>] [--chats 10000 --messages 100000] [--burst 20000] [--skip-process]
import { copyFileSync } from "node:fs";
import { resolve } from "node:path";
import Database from "better-sqlite3";
import { scratch } from "./common.js";
import { inboundCapacity } from "./inbound.js";
import { measureProcess } from "./scale.js";
import { generateStoreApart } from "./store-apart.js";

const arg = (name: string, fallback?: string) =>
  process.argv.includes(`--${name}`) ? process.argv[process.argv.indexOf(`--${name}`) + 1] : fallback;
const tmp = scratch();
let path = resolve(tmp.dir, "big.sqlite");
const given = arg("store");
if (given) copyFileSync(given, path);
else {
  const shape = generateStoreApart(path, Number(arg("chats", "10000")), Number(arg("messages", "100000")));
  console.log("generated", JSON.stringify(shape));
}
const outboxState = (when: string) => {
  const c = new Database(path, { readonly: true });
  const rows = c.prepare("select status, kind, count(*) n from outbox group by status, kind").all();
  const ops = c.prepare("select active, unreachable, count(*) n from operators group by active, unreachable").all();
  const kept = c
    .prepare("select id, attempts, error, next_attempt_at - created_at wait, substr(payload, 1, 120) p from failed_updates")
    .all();
  c.close();
  console.log(when, "outbox", JSON.stringify(rows), "operators", JSON.stringify(ops));
  console.log(when, "kept updates", JSON.stringify(kept));
};
try {
  outboxState("before");
  if (!process.argv.includes("--skip-process")) {
    const proc = await measureProcess(path);
    console.log("measureProcess", JSON.stringify(proc));
    outboxState("after measureProcess");
  }
  const f = await inboundCapacity(10_000, Number(arg("burst", "20000")), { largeStore: path });
  const { tooManyRequestsSamples, ...rest } = f;
  console.log("inbound", JSON.stringify(rest));
  for (const s of tooManyRequestsSamples) console.log("429", JSON.stringify(s));
  outboxState("after inbound");
} finally {
  tmp.remove();
  path = "";
}
