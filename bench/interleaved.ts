import { resolve } from "node:path";
import { openDatabase } from "../src/db/client.js";
import type { InboxMode } from "../src/inbox.js";
import { BotProcess } from "./bot-process.js";
import { scratch } from "./common.js";
import { type FakeStats, RemoteFake } from "./fake-client.js";

export interface InterleavedFigures {
  inbox: InboxMode;
  clients: number;
  operators: number;
  /** Client messages in the measured phase, written in turn (client 1, 2, ... 10, 1, 2, ...). */
  messages: number;
  offeredPerSecond: number;
  /** Bot API calls (sends, copies, topics opened or renamed, cards edited) per client message per operator. */
  callsPerMessagePerOperator: number;
  /** The same while each operator's topics (threads) or first cards (stream) were made: the first message of each client. */
  warmUpCallsPerMessagePerOperator: number;
  /** From the first message of the phase to the last copy accepted by the fake, at Telegram's pacing. */
  secondsToLastCopy: number;
  byMethod: Record<string, number>;
  tooManyRequests: number;
}

const CLIENTS = 10;
const OPERATORS = 3;
const CALLS = ["sendMessage", "copyMessage", "createForumTopic", "editForumTopic", "editMessageText", "editMessageReplyMarkup"];

function calls(a: FakeStats, b: FakeStats): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of CALLS) {
    const d = (b.byMethod[m] ?? 0) - (a.byMethod[m] ?? 0);
    if (d) out[m] = d;
  }
  return out;
}
const total = (r: Record<string, number>) => Object.values(r).reduce((x, y) => x + y, 0);

/**
 * 10 clients write in turn to 3 operators on "all chats", the real process at Telegram's default pacing against a
 * fake enforcing 30/s and 1/s per chat. First each client writes once (topics or first cards are made), then
 * `rounds` more rounds at `perSecond`: what each operator is sent per client message, and when the last copy lands.
 */
export async function interleavedClients(inbox: InboxMode, rounds: number, perSecond: number): Promise<InterleavedFigures> {
  const fake = await RemoteFake.start();
  const tmp = scratch();
  const path = resolve(tmp.dir, "bench.sqlite");
  const opIds = Array.from({ length: OPERATORS }, (_, i) => 1_000 + i);
  const db = openDatabase(path);
  const insert = db.$client.prepare("insert into operators (id, name, notify_filter, created_at) values (?, ?, 'all', ?)");
  for (const id of opIds) insert.run(id, `Op${id}`, Date.now());
  db.$client.close();
  await fake.users(opIds);
  await fake.rateLimit(30, 1);
  await fake.threadedMode(inbox === "threads");
  const bot = BotProcess.start({ apiRoot: fake.apiRoot, databasePath: path, env: { INBOX_MODE: inbox } });
  try {
    await fake.until((s) => s.firstGetUpdatesAt > 0, 60_000, "first getUpdates");
    const s0 = await fake.stats();
    await fake.queue(CLIENTS, CLIENTS);
    const s1 = await fake.until((s) => s.copies >= CLIENTS * OPERATORS, 120_000, "warm-up copies");
    // Let the last card or topic call settle before the measured phase.
    await new Promise((r) => setTimeout(r, 1_500));
    const s2 = await fake.stats();
    const messages = CLIENTS * rounds;
    const t0 = Date.now();
    // The same 10 clients again (same ids), in turn.
    await fake.queue(CLIENTS, messages, 100_000, perSecond);
    const s3 = await fake.until((s) => s.copies - s2.copies >= messages * OPERATORS, (messages * 4 + 120) * 1000, `interleaved, ${inbox}`);
    await new Promise((r) => setTimeout(r, 1_500));
    const s4 = await fake.stats();
    const byMethod = calls(s2, s4);
    return {
      inbox,
      clients: CLIENTS,
      operators: OPERATORS,
      messages,
      offeredPerSecond: perSecond,
      callsPerMessagePerOperator: total(byMethod) / (messages * OPERATORS),
      warmUpCallsPerMessagePerOperator: total(calls(s0, s1)) / (CLIENTS * OPERATORS),
      secondsToLastCopy: (s3.lastSendAt - t0) / 1000,
      byMethod,
      tooManyRequests: s4.tooMany - s0.tooMany,
    };
  } finally {
    await bot.stop();
    fake.stop();
    tmp.remove();
  }
}
