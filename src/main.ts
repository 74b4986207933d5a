import { existsSync } from "node:fs";
import { autoRetry } from "@grammyjs/auto-retry";
import { Api } from "grammy";
import { createBot } from "./bot/create-bot.js";
import { syncCommands } from "./bot/commands.js";
import { renderCard } from "./bot/features/chat-card.js";
import { retryFailedUpdates } from "./bot/features/safety-net.js";
import { ConfigError, loadConfig } from "./config.js";
import { openDatabase } from "./db/client.js";
import { systemClock } from "./db/store.js";
import { DeliveryWorker } from "./delivery/worker.js";
import { createLogger } from "./logger.js";
import { listActiveOperators, seedAdmins } from "./rules/people.js";
import { watchdogTick } from "./rules/watchdog.js";

// `.env` first, then the real environment wins: loadEnvFile does not overwrite variables already set.
if (existsSync(".env")) process.loadEnvFile(".env");

let config;
try {
  config = loadConfig(process.env);
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`Configuration error: ${err.message}\n`);
    process.exit(1);
  }
  throw err;
}

const log = createLogger(config.LOG_LEVEL, [config.BOT_TOKEN]);
const clock = systemClock;
const db = openDatabase(config.DATABASE_PATH);
seedAdmins(db, config.ADMIN_IDS, clock);

const client = { apiRoot: config.BOT_API_ROOT };
// Delivery classifies Telegram's errors itself (429, 403, 5xx), so its Api has no retrying transformer.
const worker = new DeliveryWorker({ db, api: new Api(config.BOT_TOKEN, { ...client, timeoutSeconds: 30 }), clock, log, renderCard });
const deps = { db, clock, log, kickDelivery: () => worker.kick() };
const bot = createBot(config.BOT_TOKEN, deps, { client });
// Direct answers (menus, prompts) ride out short rate limits and hiccups, within bounds.
bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 10 }));
bot.catch((err) => log.error({ err: err.error, updateId: err.ctx.update.update_id }, "unhandled error in a handler"));

await bot.init();
log.info({ username: bot.botInfo.username, database: config.DATABASE_PATH }, "bot identified");
void syncCommands(bot.api, listActiveOperators(db)).catch((err) => log.warn({ err }, "could not set command menus"));

worker.start();
const retrier = setInterval(() => {
  retryFailedUpdates(deps, (update) => bot.handleUpdate(update)).catch((err) => log.error({ err }, "retrying kept updates failed"));
}, 5_000);
const watchdog = setInterval(() => {
  try {
    const { reminded, escalated } = watchdogTick(db, clock);
    if (reminded.length || escalated.length) worker.kick();
  } catch (err) {
    log.error({ err }, "watchdog tick failed");
  }
}, 15_000);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "stopping: finishing the update in hand");
  clearInterval(retrier);
  clearInterval(watchdog);
  // bot.stop() lets the current update finish and confirms the offset, so nothing is handled twice.
  await bot.stop();
  await worker.stop();
  db.$client.close();
  log.info("stopped");
  process.exit(0);
}
process.once("SIGINT", () => void shutdown("SIGINT"));
process.once("SIGTERM", () => void shutdown("SIGTERM"));

await bot.start({
  allowed_updates: ["message", "edited_message", "callback_query", "my_chat_member", "channel_post"],
  onStart: () => log.info("polling for updates"),
});
