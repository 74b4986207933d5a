import { Api } from "grammy";
import pino from "pino";
import { createBot } from "../src/bot/create-bot.js";
import { Polling } from "../src/bot/polling.js";
import { renderCard } from "../src/bot/features/chat-card.js";
import { startCheckpointer } from "../src/db/checkpointer.js";
import { openDatabase } from "../src/db/client.js";
import { operators } from "../src/db/schema.js";
import { DeliveryWorker } from "../src/delivery/worker.js";
import { getChatByTelegramId } from "../src/rules/chats.js";
import { pendingCount } from "../src/rules/outbox.js";
import { assign } from "../src/rules/responsibles.js";
import { TOKEN } from "../tests/support/fake-telegram/server.js";
import { scratch, waitFor } from "./common.js";
import { RemoteFake } from "./fake-client.js";

export interface DeliveryFigures {
  offeredPerSecond: number;
  seconds: number;
  messages: number;
  sendsPerSecond: number;
  allowanceUsedPercent: number;
  tooManyRequests: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
}

const ALLOWANCE = 30;

/**
 * The real bot and delivery worker against a fake that answers 429 beyond 30 sends a second overall or one a
 * second per chat, as Telegram does. 60 operators each own one client's chat; the clients write at the
 * allowance for `seconds`. Measures sends a second, 429s met, and client-to-operator latency.
 */
export async function deliveryAtLimit(seconds = 120, offeredPerSecond = ALLOWANCE): Promise<DeliveryFigures> {
  const fake = await RemoteFake.start();
  const tmp = scratch();
  const path = `${tmp.dir}/bench.sqlite`;
  const db = openDatabase(path, { backgroundCheckpoints: true });
  const checkpointer = startCheckpointer(path);
  const log = pino({ level: "silent" });
  const worker = new DeliveryWorker({ db, api: new Api(TOKEN, { apiRoot: fake.apiRoot, timeoutSeconds: 30 }), clock: Date.now, log, renderCard });
  const bot = createBot(TOKEN, { db, clock: Date.now, log, kickDelivery: () => worker.kick() }, { client: { apiRoot: fake.apiRoot } });
  const pairs = 60;
  const opIds = Array.from({ length: pairs }, (_, i) => 1_000 + i);
  const clientIds = Array.from({ length: pairs }, (_, i) => 100_000 + i);
  await fake.users(opIds);
  for (const id of opIds) db.insert(operators).values({ id, name: `Op${id}`, createdAt: Date.now(), notifyFilter: "mine" }).run();
  await bot.init();
  worker.start();
  const polling = new Polling(bot, { log, timeoutSeconds: 1 });
  polling.start();
  try {
    // Set-up: each client writes once, then each chat gets its own operator (who is told, and sees the card).
    await fake.queue(pairs, pairs);
    await waitFor(() => clientIds.every((id) => getChatByTelegramId(db, id)), 60_000);
    clientIds.forEach((id, i) => assign(db, getChatByTelegramId(db, id)!.id, opIds[i]!, { api: true }, Date.now));
    worker.kick();
    await waitFor(() => pendingCount(db) === 0, 120_000);
    await new Promise((r) => setTimeout(r, 1500));

    const before = await fake.stats();
    const sentBefore = Object.entries(before.byMethod).filter(([m]) => /^(send|copy|edit)/.test(m)).reduce((a, [, n]) => a + n, 0);
    const messages = seconds * offeredPerSecond;
    const started = performance.now();
    await fake.queue(pairs, messages, 100_000, offeredPerSecond);
    let after = before;
    for (;;) {
      after = await fake.stats();
      if (after.delivered - before.delivered >= messages) break;
      if (performance.now() - started > (seconds + 120) * 1000) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const elapsed = (performance.now() - started) / 1000;
    const sends = Object.entries(after.byMethod).filter(([m]) => /^(send|copy|edit)/.test(m)).reduce((a, [, n]) => a + n, 0) - sentBefore;
    return {
      offeredPerSecond,
      seconds,
      messages,
      sendsPerSecond: sends / elapsed,
      allowanceUsedPercent: (100 * sends) / elapsed / ALLOWANCE,
      tooManyRequests: after.tooMany - before.tooMany,
      latencyP50Ms: after.latencyP50,
      latencyP99Ms: after.latencyP99,
    };
  } finally {
    await polling.stop();
    await worker.stop();
    await checkpointer.stop();
    db.$client.close();
    fake.stop();
    tmp.remove();
  }
}
