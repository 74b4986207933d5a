import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import Database from "better-sqlite3";
import { openDatabase } from "../src/db/client.js";
import { BotProcess } from "./bot-process.js";
import { percentile, scratch } from "./common.js";
import { type FakeStats, RemoteFake } from "./fake-client.js";
import { setTeamSetting, withoutCaps } from "../tests/support/team.js";

const TELEGRAM = { perSecond: 30, perChatPerSecond: 1 };
/** Pacing lifted (as for a self-hosted Bot API server) where a job must finish sending within the run. */
const LIFTED = { SEND_RATE_PER_SECOND: "100000", SEND_RATE_PER_CHAT: "100000" };

export interface InboundFigures {
  /** "new": an empty database; "large": the generated store. */
  store: "new" | "large";
  clients: number;
  messages: number;
  /** Client messages stored (rows in `messages`, read from outside) per second, with the delivery worker sending. */
  perSecond: number;
  /** Sends the fake accepted per second over the same interval: the worker at Telegram's limits meanwhile. */
  deliveredPerSecond: number;
  tooManyRequests: number;
  /** The 429s by method, and the first few described: which limit refused, what its second held. */
  tooManyRequestsByMethod: Record<string, number>;
  tooManyRequestsSamples: FakeStats["tooManySamples"];
  handlerP50Ms: number;
  handlerP99Ms: number;
  /** CPU time of the bot process (all threads, from /proc) per stored message, in microseconds. */
  cpuPerMessageUs: number;
  /**
   * Delivery rows written per stored message (copies, notices): the fan-out the burst really cost. Past the backlog
   * cap an operator gets one notice for other people's chats instead of a row per message.
   */
  outboxRowsPerMessage: number;
  /** The team's backlog cap in this run (0: off, every operator queued every copy). */
  backlogAfter: number | "default";
  peakResidentMemoryMb: number;
  peakWalMb: number;
}

function seedOperators(path: string, count: number): number[] {
  const db = openDatabase(path);
  const ids = Array.from({ length: count }, (_, i) => 1_000 + i);
  const insert = db.$client.prepare("insert into operators (id, name, created_at) values (?, ?, ?)");
  for (const id of ids) insert.run(id, `Op${id}`, Date.now());
  db.$client.close();
  return ids;
}

function withoutCapsAt(path: string): void {
  const c = new Database(path);
  withoutCaps(c);
  c.close();
}

function activeOperators(path: string): number[] {
  const c = new Database(path, { readonly: true });
  const ids = (c.prepare("select id from operators where active = 1").all() as Array<{ id: number }>).map((r) => r.id);
  c.close();
  return ids;
}

/**
 * The real process (`npm start`'s command) against the fake at Telegram's limits, 30 sends a second on a
 * sliding window and 1 per chat: `messages` client messages from `clients` clients arrive at once; measured
 * from outside until every one is stored, while the worker sends what it may.
 */
export async function inboundCapacity(
  clients: number,
  messages: number,
  opts: { operators?: number; largeStore?: string; backlogAfter?: number } = {},
): Promise<InboundFigures> {
  const fake = await RemoteFake.start();
  const tmp = scratch();
  const path = opts.largeStore ?? resolve(tmp.dir, "bench.sqlite");
  const ops = opts.largeStore ? activeOperators(path) : seedOperators(path, opts.operators ?? 10);
  await fake.users(ops);
  await fake.rateLimit(TELEGRAM.perSecond, TELEGRAM.perChatPerSecond);
  if (opts.backlogAfter !== undefined) {
    const c = new Database(path);
    setTeamSetting(c, "backlogAfter", String(opts.backlogAfter));
    c.close();
  }
  const times = resolve(tmp.dir, "handler-times.json");
  const bot = BotProcess.start({
    apiRoot: fake.apiRoot,
    databasePath: path,
    preload: resolve(import.meta.dirname, "handler-clock.mjs"),
    env: { BENCH_HANDLER_TIMES: times },
  });
  const reader = new Database(path, { readonly: true });
  const newest = reader.prepare("select coalesce(max(id), 0) n from messages");
  const stored = () => (newest.get() as { n: number }).n;
  const outboxRows = reader.prepare("select coalesce(max(id), 0) n from outbox");
  const queued = () => (outboxRows.get() as { n: number }).n;
  try {
    await fake.until((s) => s.firstGetUpdatesAt > 0, 60_000, "first getUpdates");
    const base = stored();
    const rows0 = queued();
    const since = Date.now();
    const s0 = await fake.stats();
    const cpu0 = bot.cpuMs();
    await fake.queue(clients, messages);
    const t0 = Date.now();
    const deadline = t0 + 600_000;
    while (stored() - base < messages) {
      if (Date.now() > deadline) throw new Error("benchmark step timed out: inbound");
      await new Promise((r) => setTimeout(r, 50));
    }
    const elapsed = (Date.now() - t0) / 1000;
    const cpu = bot.cpuMs() - cpu0;
    const rows = queued() - rows0;
    const s1 = await fake.stats();
    const peakResidentMemoryMb = bot.peakRssMb();
    const peakWalMb = bot.peakWalMb();
    await bot.stop();
    const handler = (JSON.parse(readFileSync(times, "utf8")) as number[]).sort((a, b) => a - b);
    return {
      store: opts.largeStore ? "large" : "new",
      clients,
      messages,
      perSecond: messages / elapsed,
      deliveredPerSecond: (s1.sends - s0.sends) / elapsed,
      tooManyRequests: s1.tooMany - s0.tooMany,
      tooManyRequestsByMethod: Object.fromEntries(
        Object.entries(s1.tooManyByMethod)
          .map(([m, c]) => [m, c - (s0.tooManyByMethod[m] ?? 0)] as const)
          .filter(([, c]) => c > 0),
      ),
      tooManyRequestsSamples: s1.tooManySamples.filter((s) => s.at >= since).slice(0, 5),
      handlerP50Ms: percentile(handler, 50),
      handlerP99Ms: percentile(handler, 99),
      cpuPerMessageUs: (cpu * 1000) / messages,
      outboxRowsPerMessage: rows / messages,
      backlogAfter: opts.backlogAfter ?? "default",
      peakResidentMemoryMb,
      peakWalMb,
    };
  } finally {
    reader.close();
    await bot.stop();
    fake.stop();
    tmp.remove();
  }
}

export interface JobFigures {
  bot: "ours" | "bare";
  operators: number;
  clients: number;
  messages: number;
  /** API calls that send (copies, and for ours the chat cards), all accepted by the fake. */
  sends: number;
  /** Messages a second, from the first injected to the last copy accepted. */
  perSecond: number;
  cpuPerMessageUs: number;
  cpuPerSendUs: number;
}

/**
 * One client's `messages` copied to `operators` operators, until the fake has accepted every copy: the whole
 * job (receive, store, send, record) in the process's CPU time. Pacing is lifted for both bots alike, since at
 * 1 send a second per chat the job would take hours; the ratio compares CPU, not waiting.
 */
export async function copyJob(
  bot: "ours" | "bare",
  operators: number,
  messages: number,
  /** For probes only: a module loaded into our bot first (a CPU profiler), with its env. */
  probe?: { preload: string; env: Record<string, string> },
): Promise<JobFigures> {
  const fake = await RemoteFake.start();
  const tmp = scratch();
  const path = resolve(tmp.dir, "bench.sqlite");
  const ops = bot === "ours" ? seedOperators(path, operators) : [1_000];
  // The same job for both: every message copied. The console's caps (past 20 unsent copies of a chat, or 120 unsent
  // rows for an operator, a notice stands for the rest) would otherwise do less work than the bare bot.
  if (bot === "ours") withoutCapsAt(path);
  if (bot === "bare" && operators !== 1) throw new Error("the bare bot copies to one operator");
  await fake.users(ops);
  const proc =
    bot === "ours"
      ? BotProcess.start({
          apiRoot: fake.apiRoot,
          databasePath: path,
          env: { ...LIFTED, ...probe?.env },
          ...(probe && { preload: probe.preload }),
        })
      : BotProcess.start({
          apiRoot: fake.apiRoot,
          databasePath: path,
          entry: resolve(import.meta.dirname, "bare-bot.ts"),
          env: { OPERATOR_ID: "1000" },
        });
  try {
    await fake.until((s) => s.firstGetUpdatesAt > 0, 60_000, "first getUpdates");
    const s0 = await fake.stats();
    const cpu0 = proc.cpuMs();
    await fake.queue(1, messages);
    const t0 = Date.now();
    const s1 = await fake.until((s) => s.copies - s0.copies >= messages * operators, 600_000, `${bot} copy job`);
    const cpu = proc.cpuMs() - cpu0;
    const sends = s1.sends - s0.sends;
    return {
      bot,
      operators,
      clients: 1,
      messages,
      sends,
      perSecond: messages / ((s1.lastSendAt - t0) / 1000),
      cpuPerMessageUs: (cpu * 1000) / messages,
      cpuPerSendUs: (cpu * 1000) / sends,
    };
  } finally {
    await proc.stop();
    fake.stop();
    tmp.remove();
  }
}
