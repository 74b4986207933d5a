import { Api } from "grammy";
import pino from "pino";
import { createBot, createConsoleI18n } from "../src/bot/create-bot.js";
import { Polling } from "../src/bot/polling.js";
import { openDatabase } from "../src/db/client.js";
import { operators } from "../src/db/schema.js";
import { DeliveryWorker } from "../src/delivery/worker.js";
import { getChatByTelegramId } from "../src/rules/chats.js";
import { pendingCount } from "../src/rules/outbox.js";
import type { Filter } from "../src/rules/profile.js";
import { assign } from "../src/rules/responsibles.js";
import { translator } from "../src/views/i18n.js";
import { TOKEN } from "../tests/support/fake-telegram/server.js";
import { scratch, waitFor } from "./common.js";
import { RemoteFake } from "./fake-client.js";
import { withoutCaps } from "../tests/support/team.js";

export interface FanoutFigures {
  mix: string;
  messages: number;
  callsPerMessage: number;
  minimumPerMessage: number;
}

const FAST = { perSecond: 10_000, burst: 1_000, perChatPerSecond: 10_000, perChatBurst: 1_000 };

/**
 * API calls per client message for a mix of notification filters, against a lower bound the profile rules set
 * whatever order delivery sends in: one copy per operator who should see the message, plus one card per chat an
 * operator gets (but the one they last saw). Worked out here independently of the console's code. Delivery serves
 * each operator's chats in turns of a few messages, so it sends cards at most once a turn, not once a message.
 */
export async function fanout(mix: string, filters: Filter[], clients = 100, messages = 1000): Promise<FanoutFigures> {
  const fake = await RemoteFake.start();
  const tmp = scratch();
  const db = openDatabase(`${tmp.dir}/bench.sqlite`);
  // Counts what the notification rules require per message; the caps (past 20 unsent copies of a chat, or 120
  // unsent rows for an operator, one notice stands for the rest) would make it fewer than that bound: off here.
  withoutCaps(db.$client);
  const log = pino({ level: "silent" });
  const worker = new DeliveryWorker({
    db,
    api: new Api(TOKEN, { apiRoot: fake.apiRoot }),
    clock: Date.now,
    log,
    translate: translator(createConsoleI18n("en"), "en"),
    defaultLocale: "en",
    limits: FAST,
    concurrency: 16,
  });
  const bot = createBot(TOKEN, { db, clock: Date.now, log, kickDelivery: () => worker.kick() }, { client: { apiRoot: fake.apiRoot } });
  const ops = filters.map((filter, i) => ({ id: 1_000 + i, filter }));
  await fake.users(ops.map((o) => o.id));
  for (const o of ops)
    db.insert(operators)
      .values({ id: o.id, name: `Op${o.id}`, createdAt: Date.now(), notifyFilter: o.filter })
      .run();
  await bot.init();
  worker.start();
  const polling = new Polling(bot, { log, timeoutSeconds: 1 });
  polling.start();
  try {
    const clientIds = Array.from({ length: clients }, (_, i) => 100_000 + i);
    await fake.queue(clients, clients);
    await waitFor(() => clientIds.every((id) => getChatByTelegramId(db, id)), 60_000);
    // Every other chat gets a responsible, round robin over the team.
    const responsible = new Map<number, number | null>();
    clientIds.forEach((id, i) => {
      const chat = getChatByTelegramId(db, id)!;
      const owner = i % 2 === 0 ? ops[(i / 2) % ops.length]!.id : null;
      if (owner !== null) assign(db, chat.id, owner, { api: true }, Date.now);
      responsible.set(id, owner);
    });
    worker.kick();
    await waitFor(() => pendingCount(db) === 0, 60_000);

    // The independent reckoning, a lower bound whatever order delivery chooses: a copy for each operator who should
    // get each message, and a card before each chat they get, unless it is the chat they last saw (it may go first).
    const feed = new Map<number, number>(
      (db.$client.prepare("select operator_id o, last_chat_id c from operator_feeds").all() as Array<{ o: number; c: number }>).map((r) => [
        r.o,
        r.c,
      ]),
    );
    const chatIdOf = new Map(clientIds.map((id) => [id, getChatByTelegramId(db, id)!.id]));
    let copies = 0;
    const chatsOf = new Map<number, Set<number>>(ops.map((o) => [o.id, new Set()]));
    for (let i = 0; i < messages; i++) {
      const client = clientIds[i % clients]!;
      const owner = responsible.get(client) ?? null;
      for (const o of ops) {
        const gets = o.filter === "all" || o.id === owner || (o.filter === "new_and_mine" && owner === null);
        if (!gets) continue;
        copies++;
        chatsOf.get(o.id)!.add(chatIdOf.get(client)!);
      }
    }
    let cards = 0;
    for (const [op, chats] of chatsOf) cards += chats.size - (chats.has(feed.get(op) ?? -1) ? 1 : 0);
    const minimum = copies + cards;

    const before = await fake.stats();
    const sends = (s: typeof before) =>
      Object.entries(s.byMethod)
        .filter(([m]) => /^(send|copy)/.test(m))
        .reduce((a, [, n]) => a + n, 0);
    await fake.queue(clients, messages);
    const count = db.$client.prepare("select count(*) n from messages");
    await waitFor(() => (count.get() as { n: number }).n === clients + messages, 120_000);
    await waitFor(() => pendingCount(db) === 0, 120_000);
    const after = await fake.stats();
    return { mix, messages, callsPerMessage: (sends(after) - sends(before)) / messages, minimumPerMessage: minimum / messages };
  } finally {
    await polling.stop();
    await worker.stop();
    db.$client.close();
    fake.stop();
    tmp.remove();
  }
}
