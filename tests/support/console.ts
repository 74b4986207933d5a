import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Bot } from "grammy";
import pino from "pino";
import type { BotContext, BotDeps } from "../../src/bot/context.js";
import { createBot, createConsoleI18n } from "../../src/bot/create-bot.js";
import { Polling } from "../../src/bot/polling.js";
import { StorageOutage } from "../../src/bot/storage-outage.js";
import { BackupService } from "../../src/db/backup.js";
import { type Db, openDatabase } from "../../src/db/client.js";
import type { Clock } from "../../src/db/store.js";
import type { PacingLimits } from "../../src/delivery/pacer.js";
import { WriteBatch } from "../../src/db/write-batch.js";
import { indexNewRows } from "../../src/rules/search-index.js";
import { DeliveryWorker } from "../../src/delivery/worker.js";
import { deliveryApi } from "../../src/delivery/http-client.js";
import { createLogger } from "../../src/logger.js";
import { seedAdmins } from "../../src/rules/people.js";
import { translator } from "../../src/views/i18n.js";
import { afterEach, beforeEach } from "vitest";
import { FakeTelegram, TOKEN } from "./fake-telegram/server.js";
import { compact } from "../../src/optional.js";
import { chooseInboxMode, type Inbox, type InboxSetting } from "../../src/inbox.js";

/** Fast pacing for tests; the real limits are exercised by the benchmark and the pacer's own tests. */
export const TEST_LIMITS: PacingLimits = { perSecond: 1000, burst: 100, perChatPerSecond: 1000, perChatBurst: 100 };

export interface RunningConsole {
  bot: Bot<BotContext>;
  polling: Polling;
  /** The transaction each getUpdates answer is stored in (its commit count). */
  batch: WriteBatch;
  db: Db;
  worker: DeliveryWorker;
  deps: BotDeps;
  dbPath: string;
  stop(): Promise<void>;
}

export function tempDir(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), "console-test-"));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export interface ConsoleOptions {
  dbPath: string;
  adminIds?: number[];
  clock?: Clock;
  random?: () => number;
  limits?: PacingLimits;
  maxAttempts?: number;
  maxBackoffMs?: number;
  conversationTimeoutMs?: number;
  /** Where `/backup` writes, with how many copies kept; without it the bot has no backup service. */
  backups?: { dir: string; keep: number };
  /** Where the console's log lines go (at `info`, through the production logger); without it, nowhere. */
  logTo?: pino.DestinationStream;
  /** INBOX_MODE: auto (the default) follows the fake's `botSettings.hasTopicsEnabled` as getMe reports it. */
  inbox?: InboxSetting;
  /** The bot has threaded mode in @BotFather (the fake's getMe says so) from the first start. */
  threadedBot?: boolean;
}

/** The real bot and delivery worker, polling the fake Bot API, on a real SQLite file with the real migrations. */
export async function startConsole(fake: FakeTelegram, opts: ConsoleOptions): Promise<RunningConsole> {
  const clock = opts.clock ?? (() => Date.now());
  const log = opts.logTo ? createLogger("info", [TOKEN], opts.logTo) : pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });
  const db = openDatabase(opts.dbPath);
  seedAdmins(db, opts.adminIds ?? [], clock);
  // As main.ts wires it in polling mode: one transaction per getUpdates answer (see WriteBatch).
  const batch = new WriteBatch(db.$client);
  batch.beforeCommit(() => indexNewRows(db));
  const client = batch.telegramOptions({ apiRoot: fake.apiRoot });
  const i18n = createConsoleI18n("en");
  const inbox: Inbox = { mode: "stream" };
  const worker = new DeliveryWorker({
    db,
    api: deliveryApi(TOKEN, fake.apiRoot, 5),
    clock,
    log,
    translate: translator(i18n, "en"),
    defaultLocale: "en",
    limits: opts.limits ?? TEST_LIMITS,
    ...compact({ maxAttempts: opts.maxAttempts }),
    maxBackoffMs: opts.maxBackoffMs ?? 200,
    inbox,
  });
  const backups = opts.backups && new BackupService(db, opts.backups.dir, opts.backups.keep);
  const deps: BotDeps = {
    db,
    clock,
    log,
    kickDelivery: () => batch.afterCommit(() => worker.kick()),
    i18n,
    inbox,
    ...compact({ random: opts.random, conversationTimeoutMs: opts.conversationTimeoutMs, backups }),
  };
  const bot = createBot(TOKEN, deps, { client });
  bot.catch((err) => log.error({ err: err.error }, "unhandled"));
  await bot.init();
  const mode = chooseInboxMode(opts.inbox ?? "auto", bot.botInfo.has_topics_enabled);
  if (mode === undefined) {
    db.$client.close();
    throw new Error("INBOX_MODE=threads on a bot without threaded mode");
  }
  inbox.mode = mode;
  worker.start();
  const outage = new StorageOutage({ db, api: bot.api, clock, log, translate: translator(i18n, "en"), defaultLocale: "en" });
  // As main.ts polls, with short pauses so tests of a failing database finish quickly.
  const polling = new Polling(bot, {
    log,
    timeoutSeconds: 1,
    retryDelayMs: 20,
    maxRetryDelayMs: 200,
    onUpdateNotStored: (err) => outage.updateNotStored(err),
    onUpdateStored: () => outage.updateStored(),
    batch,
  });
  polling.start();
  return {
    bot,
    polling,
    batch,
    db,
    worker,
    deps,
    dbPath: opts.dbPath,
    async stop() {
      await polling.stop();
      await worker.stop();
      await backups?.settle();
      db.$client.close();
    },
  };
}

export interface ConsoleUnderTest {
  fake: FakeTelegram;
  app: RunningConsole;
  /** Stops the console and starts it again on the same database, as after a restart. */
  restart(whileStopped?: () => void): Promise<void>;
}

/**
 * For each test in the file: a fresh fake Bot API and the console on a new database, stopped and removed after
 * the test. Registers the hooks; the returned object is filled in before each test runs.
 */
export function consoleForEachTest(options: Omit<ConsoleOptions, "dbPath"> = {}): ConsoleUnderTest {
  let dir: ReturnType<typeof tempDir>;
  const t = {
    async restart(whileStopped?: () => void) {
      await t.app.stop();
      whileStopped?.();
      t.app = await startConsole(t.fake, { ...options, dbPath: `${dir.path}/c.sqlite` });
    },
  } as ConsoleUnderTest;
  beforeEach(async () => {
    t.fake = await new FakeTelegram().start();
    if (options.threadedBot) t.fake.world.botSettings.hasTopicsEnabled = true;
    dir = tempDir();
    t.app = await startConsole(t.fake, { ...options, dbPath: `${dir.path}/c.sqlite` });
  });
  afterEach(async () => {
    await t.app.stop();
    await t.fake.stop();
    dir.remove();
  });
  return t;
}
