import { Bot } from "grammy";
import pino from "pino";
import { createBot } from "../src/bot/create-bot.js";
import { Polling } from "../src/bot/polling.js";
import { openDatabase } from "../src/db/client.js";
import { startCheckpointer } from "../src/db/checkpointer.js";
import { operators } from "../src/db/schema.js";
import { TOKEN } from "../tests/support/fake-telegram/server.js";
import { percentile, scratch, waitFor } from "./common.js";
import { RemoteFake } from "./fake-client.js";

export interface InboundFigures {
  clients: number;
  messages: number;
  perSecond: number;
  handlerP50Ms: number;
  handlerP99Ms: number;
  /** CPU time of this process per message (user + system), in microseconds. */
  cpuPerMessageUs: number;
}

/** Records how long each update's handling takes, around grammY's own handleUpdate (which polling calls). */
function timeHandlers(bot: Bot<any>): number[] {
  const times: number[] = [];
  const original = bot.handleUpdate.bind(bot);
  bot.handleUpdate = async (update, envelope) => {
    const t0 = performance.now();
    try {
      return await original(update, envelope);
    } finally {
      times.push(performance.now() - t0);
    }
  };
  return times;
}

/** How updates are taken: the console's own polling (as `npm start`), or grammY's for the bare baseline. */
interface Poller {
  start(): void;
  stop(): Promise<void>;
}

const grammyPolling = (bot: Bot<any>): Poller => ({ start: () => void bot.start({ timeout: 1 }), stop: () => bot.stop() });

async function measure(bot: Bot<any>, poller: Poller, fake: RemoteFake, clients: number, messages: number, done: () => boolean, times: number[]): Promise<InboundFigures> {
  await bot.init();
  await fake.queue(clients, messages);
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  poller.start();
  await waitFor(done, 600_000);
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  await poller.stop();
  times.sort((a, b) => a - b);
  return {
    clients,
    messages,
    perSecond: messages / elapsed,
    handlerP50Ms: percentile(times, 50),
    handlerP99Ms: percentile(times, 99),
    cpuPerMessageUs: (cpu.user + cpu.system) / messages,
  };
}

/**
 * The real bot (createBot + the console's own long polling, as `npm start`) against the fake Bot API, delivery paused:
 * how many client messages a second are stored, routed and written to the outbox.
 */
export async function inboundCapacity(clients: number, messages: number, operatorCount = 10): Promise<InboundFigures> {
  const fake = await RemoteFake.start();
  const tmp = scratch();
  const path = `${tmp.dir}/bench.sqlite`;
  const db = openDatabase(path, { backgroundCheckpoints: true });
  const checkpointer = startCheckpointer(path);
  const ids = Array.from({ length: operatorCount }, (_, i) => 1_000 + i);
  await fake.users(ids);
  for (const id of ids) db.insert(operators).values({ id, name: `Op${id}`, createdAt: Date.now() }).run();
  const bot = createBot(TOKEN, { db, clock: Date.now, log: pino({ level: "silent" }), kickDelivery: () => {} }, { client: { apiRoot: fake.apiRoot } });
  const times = timeHandlers(bot);
  const count = db.$client.prepare("select count(*) n from messages");
  try {
    const polling = new Polling(bot, { log: pino({ level: "silent" }), timeoutSeconds: 1 });
    return await measure(bot, polling, fake, clients, messages, () => (count.get() as { n: number }).n === messages, times);
  } finally {
    await checkpointer.stop();
    db.$client.close();
    fake.stop();
    tmp.remove();
  }
}

/** The baseline: a bare grammY bot that copies each client message to one operator through the same fake. */
export async function bareBaseline(clients: number, messages: number): Promise<InboundFigures> {
  const fake = await RemoteFake.start();
  const operator = 1_000;
  await fake.users([operator]);
  const bot = new Bot(TOKEN, { client: { apiRoot: fake.apiRoot } });
  let handled = 0;
  bot.on("message", async (ctx) => {
    await ctx.copyMessage(operator);
    handled++;
  });
  const times = timeHandlers(bot);
  try {
    return await measure(bot, grammyPolling(bot), fake, clients, messages, () => handled === messages, times);
  } finally {
    fake.stop();
  }
}
