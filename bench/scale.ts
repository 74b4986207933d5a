import { resolve } from "node:path";
import { openDatabase } from "../src/db/client.js";
import { type ChatListFilter, listChats } from "../src/rules/chat-list.js";
import { teamReport } from "../src/rules/reports.js";
import { BotProcess, dropPageCache } from "./bot-process.js";
import { percentile } from "./common.js";
import { RemoteFake } from "./fake-client.js";

const DAY = 24 * 60 * 60 * 1000;
/** What `/chats` shows first: all chats, open, first page of 10 (renderList with its opening view). */
const CHATS_COMMAND: ChatListFilter = { status: "open" };
const PAGE = 10;

export interface StoreFigures {
  chats: number;
  messages: number;
  /** "OS page cache dropped" when the system allowed it; otherwise only the connection was fresh. */
  cold: string;
  /** The query `/chats` runs (open chats, first page). */
  listMs: number;
  listColdMs: number;
  /** The same list over every status, as the API's default. */
  listAllMs: number;
  listAllColdMs: number;
  filteredListMs: number;
  filteredListColdMs: number;
  unassignedListMs: number;
  unassignedListColdMs: number;
  /** The queries `/report 30d` runs for an admin. */
  report30dMs: number;
  report30dColdMs: number;
}

/** Cold: the first call on a fresh connection (after dropping the OS page cache when allowed); warm: the median of the next `times`. */
function coldAndWarm(
  path: string,
  run: (db: ReturnType<typeof openDatabase>) => unknown,
  times: number,
): { cold: number; warm: number; dropped: boolean } {
  const dropped = dropPageCache();
  const db = openDatabase(path);
  try {
    let t0 = performance.now();
    run(db);
    const cold = performance.now() - t0;
    const samples: number[] = [];
    for (let i = 0; i < times; i++) {
      t0 = performance.now();
      run(db);
      samples.push(performance.now() - t0);
    }
    return {
      cold,
      warm: percentile(
        samples.sort((a, b) => a - b),
        50,
      ),
      dropped,
    };
  } finally {
    db.$client.close();
  }
}

/** The chat list as `/chats` opens it, other filters, and the 30-day report, each cold and warm. */
export function measureStore(path: string, chats: number, messages: number, operatorId = 1_005): StoreFigures {
  const now = Date.now();
  const list = coldAndWarm(path, (db) => listChats(db, CHATS_COMMAND, PAGE, undefined, 0), 20);
  const all = coldAndWarm(path, (db) => listChats(db, { status: "all" }, PAGE, undefined, 0), 20);
  const filtered = coldAndWarm(path, (db) => listChats(db, { status: "open", responsible: operatorId }, PAGE, undefined, 0), 20);
  const unassigned = coldAndWarm(path, (db) => listChats(db, { status: "open", responsible: "none" }, PAGE, undefined, 0), 20);
  // The command's own range: the last 30 days up to and including now.
  const report = coldAndWarm(path, (db) => teamReport(db, now - 30 * DAY, now + 1), 5);
  return {
    chats,
    messages,
    cold: list.dropped
      ? "first call on a fresh connection, OS page cache dropped"
      : "first call on a fresh connection (OS page cache could not be dropped: warm)",
    listMs: list.warm,
    listColdMs: list.cold,
    listAllMs: all.warm,
    listAllColdMs: all.cold,
    filteredListMs: filtered.warm,
    filteredListColdMs: filtered.cold,
    unassignedListMs: unassigned.warm,
    unassignedListColdMs: unassigned.cold,
    report30dMs: report.warm,
    report30dColdMs: report.cold,
  };
}

export interface ProcessFigures {
  /** A restart: the second start in a row, node_modules and the store in the OS cache. */
  startupToGetUpdatesMs: number;
  /** The first start after the OS page cache was dropped (as after a reboot), when allowed. */
  startupColdMs: number;
  /** First `/chats` after start-up (cold), then the second. */
  chatsCommandMs: number;
  chatsCommandWarmMs: number;
  reportCommandMs: number;
  reportCommandWarmMs: number;
  /** Resident memory after both commands. */
  residentMemoryMb: number;
  /** Highest resident memory through the run, sampled every 100 ms and the kernel's high-water mark. */
  peakResidentMemoryMb: number;
}

/**
 * Starts the bot as `npm start` does on the given database, times start-up to its first getUpdates and
 * `/chats` and `/report 30d` as an admin sees them (first calls with the OS page cache dropped when allowed),
 * and its memory through the run.
 */
export async function measureProcess(path: string, adminId = 1_000): Promise<ProcessFigures> {
  const fake = await RemoteFake.start();
  await fake.users([adminId]);
  const env = { ADMIN_IDS: String(adminId) };
  dropPageCache();
  const first = BotProcess.start({ apiRoot: fake.apiRoot, databasePath: resolve(path), env });
  const coldUp = await fake.until((s) => s.firstGetUpdatesAt > 0, 60_000, "first getUpdates");
  await first.stop();
  await fake.resetFirstGetUpdates();
  const bot = BotProcess.start({ apiRoot: fake.apiRoot, databasePath: resolve(path), env });
  try {
    const up = await fake.until((s) => s.firstGetUpdatesAt > 0, 60_000, "first getUpdates");
    const ask = async (text: string, prefix: string) => {
      const photos = (await fake.stats()).byMethod.sendPhoto ?? 0;
      const ms = await fake.command(adminId, text, prefix);
      if (Number.isNaN(ms)) throw new Error(`no answer to ${text}`);
      // /report's chart follows its text: the admin asks again once the whole answer is there, as a person would
      // (the bot handles one update at a time, so asking sooner would time the chart's drawing as the next report).
      if (text.startsWith("/report")) await fake.until((s) => (s.byMethod.sendPhoto ?? 0) > photos, 60_000, "the report's chart");
      bot.sample();
      return ms;
    };
    // Start-up reads node_modules from a warm cache (a restart); the commands' first calls read the store cold.
    dropPageCache();
    const chatsCold = await ask("/chats", "Chats (");
    const chatsWarm = await ask("/chats", "Chats (");
    dropPageCache();
    const reportCold = await ask("/report 30d", "📊");
    const reportWarm = await ask("/report 30d", "📊");
    return {
      startupToGetUpdatesMs: up.firstGetUpdatesAt - bot.spawnedAt,
      startupColdMs: coldUp.firstGetUpdatesAt - first.spawnedAt,
      chatsCommandMs: chatsCold,
      chatsCommandWarmMs: chatsWarm,
      reportCommandMs: reportCold,
      reportCommandWarmMs: reportWarm,
      residentMemoryMb: bot.rssMb(),
      peakResidentMemoryMb: bot.peakRssMb(),
    };
  } finally {
    await bot.stop();
    fake.stop();
  }
}
