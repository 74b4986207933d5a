import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { openDatabase } from "../src/db/client.js";
import { listChats } from "../src/rules/chat-list.js";
import { teamReport } from "../src/rules/reports.js";
import { FakeTelegram, TOKEN } from "../tests/support/fake-telegram/server.js";
import { NODE_ARGS } from "../tests/support/child-bot.js";
import { percentile } from "./common.js";

const DAY = 24 * 60 * 60 * 1000;

/** Fills a database with `chats` chats and `messages` messages over the last 60 days, 30 operators. */
export function generateStore(path: string, chats = 100_000, messages = 1_000_000): void {
  const db = openDatabase(path);
  const c = db.$client;
  const now = Date.now();
  const ops = Array.from({ length: 30 }, (_, i) => 1_000 + i);
  c.transaction(() => {
    const op = c.prepare("insert into operators (id, name, role, created_at, availability, last_seen_online_at) values (?, ?, ?, ?, 'online', ?)");
    ops.forEach((id, i) => op.run(id, `Op${i}`, i === 0 ? "admin" : "operator", now, now));
  })();
  const chat = c.prepare(
    "insert into chats (id, telegram_chat_id, kind, title, status, responsible_id, created_at, opened_at, last_activity_at, awaiting_reply_since, closed_at) values (?, ?, 'private', ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const assignment = c.prepare("insert into assignments (chat_id, from_operator_id, to_operator_id, by_operator_id, how, at) values (?, ?, ?, ?, ?, ?)");
  const closure = c.prepare("insert into closures (chat_id, by_operator_id, responsible_id, opened_at, closed_at) values (?, ?, ?, ?, ?)");
  const message = c.prepare(
    "insert into messages (chat_id, direction, author_operator_id, sender_user_id, sender_name, kind, text, source_chat_id, source_message_id, first_response_ms, created_at) values (?, ?, ?, ?, ?, 'text', ?, ?, ?, ?, ?)",
  );
  const perChat = Math.ceil(messages / chats);
  let written = 0;
  for (let start = 1; start <= chats; start += 10_000) {
    c.transaction(() => {
      for (let id = start; id < start + 10_000 && id <= chats; id++) {
        const created = now - 60 * DAY + Math.floor((id / chats) * 60 * DAY);
        const owner = id % 10 === 0 ? null : ops[id % ops.length]!;
        const closed = id % 5 < 3 && id < chats - 500;
        const last = created + perChat * 60_000;
        chat.run(id, 10_000_000 + id, `Client ${id}`, closed ? "closed" : "open", owner, created, created, last, closed ? null : last, closed ? last : null);
        if (owner !== null) assignment.run(id, null, owner, owner, "auto", created + 60_000);
        if (owner !== null && id % 7 === 0) assignment.run(id, owner, ops[(id + 1) % ops.length]!, ops[0]!, "manual", created + 120_000);
        if (closed) closure.run(id, owner ?? ops[0]!, owner, created, last);
        for (let m = 0; m < perChat && written < messages; m++, written++) {
          const out = owner !== null && m % 2 === 1;
          const at = created + m * 60_000;
          message.run(id, out ? "out" : "in", out ? owner : null, out ? null : 10_000_000 + id, out ? "Op" : `Client ${id}`, `message ${m}`, out ? owner : 10_000_000 + id, id * 100 + m, out && m === 1 ? 60_000 + (id % 600) * 1000 : null, at);
        }
      }
    })();
  }
  c.pragma("wal_checkpoint(TRUNCATE)");
  c.close();
}

function timed(run: () => unknown, times = 20): number {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    run();
    samples.push(performance.now() - t0);
  }
  return percentile(samples.sort((a, b) => a - b), 50);
}

export interface StoreFigures {
  chats: number;
  messages: number;
  listMs: number;
  filteredListMs: number;
  unassignedListMs: number;
  report30dMs: number;
}

/** The chat list, a filtered list and a 30-day report on the generated store (median of repeated runs). */
export function measureStore(path: string, chats: number, messages: number): StoreFigures {
  const db = openDatabase(path);
  const now = Date.now();
  const figures = {
    chats,
    messages,
    listMs: timed(() => listChats(db, { status: "all" }, 10)),
    filteredListMs: timed(() => listChats(db, { status: "open", responsible: 1_005 }, 10)),
    unassignedListMs: timed(() => listChats(db, { status: "open", responsible: "none" }, 10)),
    report30dMs: timed(() => teamReport(db, now - 30 * DAY, now), 5),
  };
  db.$client.close();
  return figures;
}

export interface ProcessFigures {
  startupToGetUpdatesMs: number;
  chatsCommandMs: number;
  reportCommandMs: number;
  residentMemoryMb: number;
}

/** Starts the bot exactly as `npm start` does on the given database, times start-up and two commands, reads its RSS. */
export async function measureProcess(path: string): Promise<ProcessFigures> {
  const fake = await new FakeTelegram().start();
  const admin = fake.user(1_000, "Op0");
  const started = performance.now();
  const child = spawn(process.execPath, NODE_ARGS, {
    cwd: resolve(path, ".."),
    env: { PATH: process.env.PATH ?? "", BOT_TOKEN: TOKEN, BOT_API_ROOT: fake.apiRoot, DATABASE_PATH: path, ADMIN_IDS: String(admin.id), LOG_LEVEL: "warn" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    await fake.until(() => fake.callsOf("getUpdates").length > 0, 60_000);
    const startup = performance.now() - started;
    const ask = async (text: string, prefix: string) => {
      const t0 = performance.now();
      fake.send(admin, { text });
      await fake.until(() => fake.botMessages(admin.id).some((s) => s.message.text?.startsWith(prefix)), 60_000);
      return performance.now() - t0;
    };
    const chatsMs = await ask("/chats", "Chats (");
    const reportMs = await ask("/report 30d", "📊");
    const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
    return { startupToGetUpdatesMs: startup, chatsCommandMs: chatsMs, reportCommandMs: reportMs, residentMemoryMb: rssKb / 1024 };
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    await fake.stop();
  }
}
