import { resolve } from "node:path";
import { openDatabase } from "../src/db/client.js";
import { BotProcess } from "./bot-process.js";
import { scratch } from "./common.js";
import { RemoteFake } from "./fake-client.js";
import { withoutCaps } from "../tests/support/team.js";

export interface DeliveryFigures {
  /** "deep queues": every operator's queue filled at once; "steady": clients write at `offeredPerSecond`. */
  mode: "deep queues" | "steady";
  /** Client messages offered a second (0: all at once). */
  offeredPerSecond: number;
  /** From the first message offered to the last copy accepted. */
  seconds: number;
  messages: number;
  queueDepthPerOperator: number;
  sendsPerSecond: number;
  allowanceUsedPercent: number;
  tooManyRequests: number;
  tooManyRequestsPerMinute: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
}

const ALLOWANCE = 30;
export const PAIRS = 60;

/**
 * The real process at Telegram's default pacing against a fake that answers 429 beyond 30 accepted sends in any
 * 1-second sliding window, or a second send to one chat within a second. 60 operators (filter "mine") each
 * own one client's chat. First every queue is filled at once, `depth` messages deep, after a quiet spell (the
 * pacer's opening burst included); then clients write steadily at 90% of the allowance.
 */
/**
 * The section's team: 60 operators (filter "mine"), each the responsible of one client's open chat. This section
 * measures pacing with deep queues: every copy must go out, so the caps (a notice for the rest past 20 unsent
 * copies of a chat, or 120 unsent rows for an operator) are off.
 */
export function seedOperatorsWithClients(path: string): { opIds: number[]; clientIds: number[] } {
  const opIds = Array.from({ length: PAIRS }, (_, i) => 1_000 + i);
  const clientIds = Array.from({ length: PAIRS }, (_, i) => 100_000 + i);
  const db = openDatabase(path);
  const now = Date.now();
  withoutCaps(db.$client);
  db.$client.transaction(() => {
    const op = db.$client.prepare("insert into operators (id, name, notify_filter, created_at) values (?, ?, 'mine', ?)");
    const chat = db.$client.prepare(
      "insert into chats (telegram_chat_id, kind, title, status, responsible_id, created_at, opened_at, last_activity_at) values (?, 'private', ?, 'open', ?, ?, ?, ?)",
    );
    const assigned = db.$client.prepare(
      "insert into assignments (chat_id, to_operator_id, by_operator_id, how, at) values (?, ?, ?, 'manual', ?)",
    );
    opIds.forEach((id, i) => {
      op.run(id, `Op${id}`, now);
      const row = chat.run(clientIds[i], `Client${i}`, id, now, now, now);
      assigned.run(row.lastInsertRowid, id, id, now);
    });
  })();
  db.$client.close();
  return { opIds, clientIds };
}

export async function deliveryAtLimit(depth: number, steadySeconds: number): Promise<{ burst: DeliveryFigures; steady: DeliveryFigures }> {
  const fake = await RemoteFake.start();
  const tmp = scratch();
  const path = resolve(tmp.dir, "bench.sqlite");
  const { opIds } = seedOperatorsWithClients(path);
  await fake.users(opIds);
  await fake.rateLimit(ALLOWANCE, 1);
  const bot = BotProcess.start({ apiRoot: fake.apiRoot, databasePath: path });
  try {
    await fake.until((s) => s.firstGetUpdatesAt > 0, 60_000, "first getUpdates");
    // Each client writes once, so every operator has their card; then a quiet spell refills the pacer.
    await fake.queue(PAIRS, PAIRS);
    await fake.until((s) => s.copies >= PAIRS, 120_000, "warm-up copies");
    await new Promise((r) => setTimeout(r, 3_000));

    const phase = async (mode: DeliveryFigures["mode"], messages: number, perSecond: number): Promise<DeliveryFigures> => {
      await fake.mark();
      const s0 = await fake.stats();
      const t0 = Date.now();
      await fake.queue(PAIRS, messages, 100_000, perSecond || undefined);
      const expected = messages / (perSecond || ALLOWANCE * 0.9);
      const s1 = await fake.until((s) => s.copies - s0.copies >= messages, (expected * 3 + 60) * 1000, `delivery, ${mode}`);
      const seconds = (s1.lastSendAt - t0) / 1000;
      const tooMany = s1.tooMany - s0.tooMany;
      return {
        mode,
        offeredPerSecond: perSecond,
        seconds,
        messages,
        queueDepthPerOperator: perSecond ? 0 : messages / PAIRS,
        sendsPerSecond: (s1.sends - s0.sends) / seconds,
        allowanceUsedPercent: (100 * (s1.sends - s0.sends)) / seconds / ALLOWANCE,
        tooManyRequests: tooMany,
        tooManyRequestsPerMinute: (tooMany * 60) / seconds,
        latencyP50Ms: s1.latencyP50,
        latencyP99Ms: s1.latencyP99,
      };
    };
    const burst = await phase("deep queues", PAIRS * depth, 0);
    await new Promise((r) => setTimeout(r, 3_000));
    const steady = await phase("steady", Math.round(steadySeconds * ALLOWANCE * 0.9), ALLOWANCE * 0.9);
    return { burst, steady };
  } finally {
    await bot.stop();
    fake.stop();
    tmp.remove();
  }
}
