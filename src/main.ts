import { existsSync } from "node:fs";
import { autoRetry } from "@grammyjs/auto-retry";
import type { ServerType } from "@hono/node-server";
import { webhookCallback } from "grammy";
import { createBot, createConsoleI18n } from "./bot/create-bot.js";
import { syncCommands } from "./bot/commands.js";
import { retryFailedUpdates } from "./bot/features/safety-net.js";
import { Polling, type PollingEnd } from "./bot/polling.js";
import { StorageOutage } from "./bot/storage-outage.js";
import { type Config, ConfigError, loadConfig } from "./config.js";
import { BackupService, scheduleBackups } from "./db/backup.js";
import { startCheckpointer } from "./db/checkpointer.js";
import { DatabaseError, type Db, openDatabase } from "./db/client.js";
import { type DatabaseLock, DatabaseInUseError, lockDatabase } from "./db/lock.js";
import { systemClock } from "./db/store.js";
import { WriteBatch } from "./db/write-batch.js";
import { TELEGRAM_LIMITS } from "./delivery/pacer.js";
import { DeliveryWorker } from "./delivery/worker.js";
import { deliveryApi } from "./delivery/http-client.js";
import { createLogger } from "./logger.js";
import { chooseInboxMode, type Inbox } from "./inbox.js";
import { translator } from "./views/i18n.js";
import { pruneOutbox } from "./rules/outbox.js";
import { listActiveOperators, seedAdmins } from "./rules/people.js";
import { indexNewRows } from "./rules/search-index.js";
import { watchdogTick } from "./rules/watchdog.js";

// `.env` first, then the real environment wins: loadEnvFile does not overwrite variables already set.
if (existsSync(".env")) process.loadEnvFile(".env");

let config: Config;
try {
  config = loadConfig(process.env);
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`Configuration error: ${err.message}\n`);
    process.exit(1);
  }
  throw err;
}

const secrets = [config.BOT_TOKEN, config.API_TOKEN, config.BOT_MODE === "webhook" ? config.WEBHOOK_SECRET : undefined].filter(
  (s): s is string => Boolean(s),
);
const log = createLogger(config.LOG_LEVEL, secrets);
const clock = systemClock;
/** Exit code when another console already serves this database or this bot (a supervisor should not restart into a fight). */
const EXIT_ANOTHER_CONSOLE = 3;
/**
 * The lock comes before the database is opened, so a second console does not even run migrations. A place that
 * cannot hold the lock file at all is explained by openDatabase below, which names DATABASE_PATH and the cause.
 */
function lockOrExit(explainOtherErrors: boolean): DatabaseLock | undefined {
  try {
    return lockDatabase(config.DATABASE_PATH);
  } catch (err) {
    if (err instanceof DatabaseInUseError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(EXIT_ANOTHER_CONSOLE);
    }
    if (!explainOtherErrors) return undefined;
    process.stderr.write(
      `Database error: DATABASE_PATH=${config.DATABASE_PATH}: its lock file ${config.DATABASE_PATH}.lock cannot be used (${String(err)})\n`,
    );
    process.exit(1);
  }
}
let lock = lockOrExit(false);
let db: Db;
try {
  db = openDatabase(config.DATABASE_PATH, { backgroundCheckpoints: true });
} catch (err) {
  if (err instanceof DatabaseError) {
    process.stderr.write(`Database error: ${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
lock ??= lockOrExit(true);
const checkpointer = startCheckpointer(config.DATABASE_PATH, {
  onError: (message) => log.warn({ message }, "WAL checkpoint failed"),
  onTruncate: (event) => log.debug(event, "WAL truncated"),
});
for (const { id, was } of seedAdmins(db, config.ADMIN_IDS, clock)) {
  log.warn({ operatorId: id, was }, "ADMIN_IDS made a deactivated or demoted operator an active admin again");
}

// Polling stores each getUpdates answer in one transaction, committed before anything reaches Telegram (every
// request commits first, whoever makes it) and before any other code uses the database (see WriteBatch).
const batch =
  config.BOT_MODE === "polling"
    ? new WriteBatch(db.$client, (err) => log.error({ err }, "a step waiting for the updates' commit failed"))
    : undefined;
// One FTS segment per batch instead of one per message (see indexNewRows).
batch?.beforeCommit(() => indexNewRows(db));
const plainClient = { apiRoot: config.BOT_API_ROOT };
const client = batch ? batch.telegramOptions(plainClient) : plainClient;
// Delivery classifies Telegram's errors itself (429, 403, 5xx), so its Api has no retrying transformer.
// Telegram's own limits by default; only a self-hosted Bot API server (or a test) warrants other rates.
const limits = {
  ...TELEGRAM_LIMITS,
  perSecond: config.SEND_RATE_PER_SECOND,
  perChatPerSecond: config.SEND_RATE_PER_CHAT,
  burst: Math.max(TELEGRAM_LIMITS.burst, Math.ceil(config.SEND_RATE_PER_SECOND / 6)),
  perChatBurst: Math.max(1, Math.floor(config.SEND_RATE_PER_CHAT)),
};
const i18n = createConsoleI18n(config.DEFAULT_LOCALE);
const translate = translator(i18n, config.DEFAULT_LOCALE);
// Stream until getMe has said whether the bot has threaded mode; nothing is delivered before that.
const inbox: Inbox = { mode: "stream" };
const worker = new DeliveryWorker({
  db,
  // The worker sends only rows it read, and reading committed the batch already: its requests need no hook.
  api: deliveryApi(config.BOT_TOKEN, config.BOT_API_ROOT, 30),
  clock,
  log,
  translate,
  defaultLocale: config.DEFAULT_LOCALE,
  limits,
  inbox,
});
const backups = new BackupService(db, config.BACKUP_DIR, config.BACKUP_KEEP);
// The worker looks for new rows once they are committed: woken earlier, it would commit the batch itself.
const kickDelivery = batch ? () => batch.afterCommit(() => worker.kick()) : () => worker.kick();
const deps = { db, clock, log, kickDelivery, backups, i18n, defaultLocale: config.DEFAULT_LOCALE, inbox };
const bot = createBot(config.BOT_TOKEN, deps, { client });
// Direct answers (menus, prompts) ride out short rate limits and hiccups, within bounds.
bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 10 }));
const outage = new StorageOutage({ db, api: bot.api, clock, log, translate, defaultLocale: config.DEFAULT_LOCALE });
bot.catch((err) => log.error({ err: err.error, updateId: err.ctx.update.update_id }, "unhandled error in a handler"));

// Polling needs no webhook; removing it beside getMe saves a round trip to Telegram at every start. Any failure
// here is left to polling, which removes it again with its own retries and its answers to 401 and 409.
const webhookDeleted =
  config.BOT_MODE === "polling"
    ? bot.api.deleteWebhook().then(
        () => true,
        () => false,
      )
    : Promise.resolve(false);
await bot.init();
const inboxMode = chooseInboxMode(config.INBOX_MODE, bot.botInfo.has_topics_enabled);
if (inboxMode === undefined) {
  process.stderr.write(
    "Configuration error: INBOX_MODE=threads, but threaded mode is off for this bot. In @BotFather open /mybots, choose the bot, then Bot Settings, and turn Threaded Mode on; then start again (or set INBOX_MODE=auto or stream for one stream with chat cards).\n",
  );
  process.exit(1);
}
inbox.mode = inboxMode;
// Timers start only once start-up can no longer stop on a configuration error.
const backupSchedule =
  config.BACKUP_EVERY === null
    ? undefined
    : scheduleBackups(backups, config.BACKUP_EVERY, (result) => {
        if (result instanceof Error) log.error({ err: result, dir: config.BACKUP_DIR }, "scheduled backup failed");
        else log.info({ path: result.path, bytes: result.bytes }, "backup written");
      });
log.info({ username: bot.botInfo.username, database: config.DATABASE_PATH, mode: config.BOT_MODE, inbox: inbox.mode }, "bot identified");
/**
 * What runs beside the updates: the command menus and the delivery worker. Started once the first request for
 * updates is on its way, so that clients' messages begin to arrive without waiting for them; handlers only
 * queue rows, which the worker then finds at its first look.
 */
function startBesideUpdates(): void {
  if (stopping) return;
  void syncCommands(
    bot.api,
    { translate: translator(i18n, config.DEFAULT_LOCALE), defaultLocale: config.DEFAULT_LOCALE },
    listActiveOperators(db),
  ).catch((err) => log.warn({ err }, "could not set command menus"));
  worker.start();
}

const timers = [
  // Polling indexes each batch's messages before it commits; what the API or a webhook stored waits for this or for
  // the next search, which indexes whatever is new first (see indexNewRows).
  setInterval(() => {
    try {
      indexNewRows(db);
    } catch (err) {
      log.error({ err }, "indexing new messages for search failed");
    }
  }, 10_000),
  setInterval(() => {
    retryFailedUpdates(deps, (update) => bot.handleUpdate(update)).catch((err) => log.error({ err }, "retrying kept updates failed"));
  }, 5_000),
  setInterval(() => {
    try {
      const { reminded, escalated } = watchdogTick(db, clock);
      if (reminded.length || escalated.length) worker.kick();
    } catch (err) {
      log.error({ err }, "watchdog tick failed");
    }
  }, 15_000),
  setInterval(() => {
    try {
      let removed = 0;
      for (let n = pruneOutbox(db, clock); n > 0; n = pruneOutbox(db, clock)) removed += n;
      if (removed) log.info({ removed }, "pruned finished deliveries");
    } catch (err) {
      log.error({ err }, "pruning deliveries failed");
    }
  }, 60 * 60_000),
];

// inline_query: saved replies (inline mode must be on in @BotFather); chosen_inline_result only with inline feedback on.
// Telegram sends business updates only to a bot that names them (Telegram Business, src/bot/features/business.ts).
const allowedUpdates = [
  "message",
  "edited_message",
  "callback_query",
  "my_chat_member",
  "channel_post",
  "inline_query",
  "chosen_inline_result",
  "business_connection",
  "business_message",
  "edited_business_message",
  "deleted_business_messages",
] as const;
const webhook =
  config.BOT_MODE === "webhook"
    ? {
        path: new URL(config.WEBHOOK_URL).pathname,
        secretToken: config.WEBHOOK_SECRET,
        // Answers only after the update was handled (stored, or kept for retry), so Telegram's retries never lose
        // one; an update that could be neither gets 503, so Telegram sends it again.
        handler: outage.guardWebhook(
          webhookCallback(bot, "hono", { secretToken: config.WEBHOOK_SECRET, onTimeout: "throw", timeoutMilliseconds: 25_000 }),
        ),
      }
    : undefined;

let server: ServerType | undefined;
if (config.API_TOKEN || webhook) {
  // Loaded only when served: the HTTP stack (Hono, the OpenAPI schemas) is a good part of start-up otherwise.
  const [{ serve }, { createHttpApp }] = await Promise.all([import("@hono/node-server"), import("./http/server.js")]);
  const app = createHttpApp({ db, clock, kickDelivery: deps.kickDelivery, apiToken: config.API_TOKEN, webhook });
  server = serve({ fetch: app.fetch, hostname: config.HTTP_HOST, port: config.HTTP_PORT }, (info) =>
    log.info(
      { host: config.HTTP_HOST, port: info.port, api: Boolean(config.API_TOKEN), webhook: Boolean(webhook) },
      "HTTP server listening",
    ),
  );
}

// Confirms an update to Telegram only once it is stored (grammY's bot.start() confirms failed ones too).
const polling = new Polling(bot, {
  log,
  allowedUpdates,
  onUpdateNotStored: (err) => outage.updateNotStored(err),
  onUpdateStored: () => outage.updateStored(),
  ...(batch ? { batch } : {}),
});

let stopping = false;
async function shutdown(signal: string, exitCode = 0): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "stopping: finishing the update in hand");
  timers.forEach(clearInterval);
  // Lets the current update finish and confirms the handled ones, so nothing is handled twice; an update
  // that could not be stored stays unconfirmed and comes again after the restart.
  await polling.stop();
  if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
  await worker.stop();
  await backupSchedule?.stop();
  await backups.settle();
  await checkpointer.stop();
  db.$client.close();
  lock?.release();
  log.info("stopped");
  process.exit(exitCode);
}
process.once("SIGINT", () => void shutdown("SIGINT"));
process.once("SIGTERM", () => void shutdown("SIGTERM"));

if (config.BOT_MODE === "webhook") {
  await bot.api.setWebhook(config.WEBHOOK_URL, { secret_token: config.WEBHOOK_SECRET, allowed_updates: [...allowedUpdates] });
  log.info("webhook registered; waiting for Telegram's updates");
  startBesideUpdates();
} else {
  polling.start(() => log.info("polling for updates"), await webhookDeleted);
  void polling.done.then((end) => endOfPolling(end));
  setImmediate(startBesideUpdates);
}

/** Polling ends by itself only when Telegram gives the updates to someone else or refuses the token. */
function endOfPolling(end: PollingEnd): void {
  if (end.reason === "stopped") return;
  const line =
    end.reason === "conflict"
      ? `Another process is taking this bot's updates (Telegram: ${end.description}); only one console may run per bot token. Stopping.`
      : end.reason === "unauthorized"
        ? `Telegram refused the bot token (${end.description}); check BOT_TOKEN with @BotFather. Stopping.`
        : `Polling failed (${end.description}). Stopping.`;
  process.stderr.write(`${line}\n`);
  void shutdown(end.reason, end.reason === "conflict" ? EXIT_ANOTHER_CONSOLE : 1);
}
