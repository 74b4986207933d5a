import Database from "better-sqlite3";
import { openDatabase } from "../src/db/client.js";
import { conversationWords, mulberry32 } from "./words.js";

const DAY = 24 * 60 * 60 * 1000;
const MINUTE = 60_000;
/** Finished outbox rows are pruned after 7 days (main.ts); younger ones are still in the table. */
const OUTBOX_RETENTION = 7 * DAY;

export interface StoreShape {
  chats: number;
  messages: number;
  operators: number;
  deactivatedOperators: number;
  days: number;
  sessions: number;
  reopenings: number;
  assignments: number;
  reassignments: number;
  closures: number;
  openChats: number;
  locations: number;
  outbox: number;
  largestChat: number;
  medianChat: number;
  seconds: number;
}

/** Log-normal chat sizes (median ~3, a tail of chats with thousands of messages) summing exactly to `total`. */
function chatSizes(rand: () => number, chats: number, total: number): number[] {
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const mu = Math.log(total / chats) - 1.125;
  const sizes = Array.from({ length: chats }, () => Math.max(1, Math.ceil(Math.exp(mu + 1.5 * normal()))));
  let diff = total - sizes.reduce((a, b) => a + b, 0);
  while (diff !== 0) {
    const i = Math.floor(rand() * chats);
    if (diff > 0) {
      sizes[i]!++;
      diff--;
    } else if (sizes[i]! > 1) {
      sizes[i]!--;
      diff++;
    }
  }
  return sizes;
}

/**
 * Fills a database the way `days` of real traffic would: heavy-tailed chat sizes, conversations in sessions
 * that are closed and reopened, reset-on-close, reassignments, deactivated operators whose chats were released,
 * and the rows delivery leaves behind (locations of every original, copy and card; finished outbox rows within
 * the retention window; feeds). Raw prepared statements in large transactions, so 1M messages take about a minute.
 */
export function generateStore(path: string, chats = 100_000, messages = 1_000_000, seed = 12): StoreShape {
  const started = performance.now();
  openDatabase(path).$client.close(); // the real migrations
  const c = new Database(path);
  c.pragma("journal_mode = OFF");
  c.pragma("synchronous = OFF");
  c.pragma("cache_size = -1000000");
  // Bulk loading writes a chat's row after its messages; the references are checked once, at the end.
  c.pragma("foreign_keys = OFF");
  // The search index is built once at the end rather than row by row (the triggers that keep it in step are put back).
  const searchTriggers = c.prepare("select sql from sqlite_master where type = 'trigger' and name like '%fts%'").pluck().all() as string[];
  for (const name of c.prepare("select name from sqlite_master where type = 'trigger' and name like '%fts%'").pluck().all())
    c.exec(`drop trigger ${name}`);
  const rand = mulberry32(seed);
  // Words come from a generator of their own, so adding them changed none of the store's other draws.
  const say = conversationWords(seed + 1);
  const now = Date.now();
  const days = 60;
  const start = now - days * DAY;
  const pick = <T>(list: T[]): T => list[Math.floor(rand() * list.length)]!;
  const exp = (mean: number) => -Math.log(1 - rand()) * mean;

  // 40 operators: 8 on "all chats", 16 on "new and mine", 16 on "mine"; the last 4 were deactivated along the way.
  const opCount = 40;
  const deactivatedCount = 4;
  const ops = Array.from({ length: opCount }, (_, i) => ({
    id: 1_000 + i,
    name: `Op${i}`,
    filter: i % 5 === 0 ? "all" : i % 5 < 3 ? "new_and_mine" : "mine",
    deactivatedAt: i >= opCount - deactivatedCount ? now - (10 + 8 * (opCount - i)) * DAY : Infinity,
  }));
  const activeAt = (t: number) => ops.filter((o) => o.deactivatedAt > t);
  const insertOp = c.prepare(
    "insert into operators (id, name, role, active, availability, last_seen_online_at, notify_filter, created_at) values (?, ?, ?, ?, 'online', ?, ?, ?)",
  );
  const chat = c.prepare(
    "insert into chats (id, telegram_chat_id, kind, title, status, responsible_id, version, created_at, last_activity_at, awaiting_reply_since, opened_at, watchdog_stage, closed_at) values (?, ?, 'private', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const message = c.prepare(
    "insert into messages (chat_id, direction, author_operator_id, sender_user_id, sender_name, kind, text, source_chat_id, source_message_id, first_response_ms, created_at) values (?, ?, ?, ?, ?, 'text', ?, ?, ?, ?, ?)",
  );
  const location = c.prepare(
    "insert into locations (telegram_chat_id, telegram_message_id, chat_id, message_id, kind) values (?, ?, ?, ?, ?)",
  );
  const outbox = c.prepare(
    "insert into outbox (destination_chat_id, kind, payload, chat_id, message_id, status, attempts, not_before, created_at, done_at) values (?, ?, ?, ?, ?, 'sent', 0, ?, ?, ?)",
  );
  const assignment = c.prepare(
    "insert into assignments (chat_id, from_operator_id, to_operator_id, by_operator_id, how, at) values (?, ?, ?, ?, ?, ?)",
  );
  const closure = c.prepare("insert into closures (chat_id, by_operator_id, responsible_id, opened_at, closed_at) values (?, ?, ?, ?, ?)");
  c.transaction(() => {
    for (const [i, o] of ops.entries())
      insertOp.run(o.id, o.name, i === 0 ? "admin" : "operator", o.deactivatedAt === Infinity ? 1 : 0, now, o.filter, start);
    c.prepare("insert into settings (key, value) values ('resetOnClose', 'true')").run();
  })();

  const sizes = chatSizes(rand, chats, messages);
  const shape: StoreShape = {
    chats,
    messages,
    operators: opCount,
    deactivatedOperators: deactivatedCount,
    days,
    sessions: 0,
    reopenings: 0,
    assignments: 0,
    reassignments: 0,
    closures: 0,
    openChats: 0,
    locations: 0,
    outbox: 0,
    largestChat: Math.max(...sizes),
    medianChat: [...sizes].sort((a, b) => a - b)[Math.floor(chats / 2)]!,
    seconds: 0,
  };
  const opMessageId = new Map(ops.map((o) => [o.id, 1]));
  const feeds = new Map<number, number>();
  const nextIn = (opId: number) => {
    const id = opMessageId.get(opId)!;
    opMessageId.set(opId, id + 1);
    return id;
  };
  const delivered = (dest: number, chatId: number, messageId: number | null, kind: "copy" | "card", at: number, payload: () => string) => {
    location.run(dest, nextIn(dest), chatId, messageId, kind);
    shape.locations++;
    if (at > now - OUTBOX_RETENTION) {
      outbox.run(dest, kind, payload(), chatId, messageId, at, at, at + 150);
      shape.outbox++;
    }
  };

  const BATCH = 2_000;
  for (let first = 1; first <= chats; first += BATCH) {
    c.transaction(() => {
      for (let id = first; id < first + BATCH && id <= chats; id++) {
        const size = sizes[id - 1]!;
        const tg = 10_000_000 + id;
        const created = start + ((id - 1 + rand()) / chats) * days * DAY;
        // The chat's timeline: sessions days apart, messages minutes apart, squeezed to end before now.
        const gaps: number[] = [];
        const sessionStart: boolean[] = [];
        let t = 0;
        let sessionOpen = true;
        for (let m = 0; m < size; m++) {
          const newSession = m > 0 && !sessionOpen;
          sessionStart.push(m === 0 || newSession);
          t += m === 0 ? 0 : newSession ? exp(3 * DAY) : exp(3 * MINUTE);
          gaps.push(t);
          sessionOpen = rand() > 0.12;
        }
        const squeeze = created + t > now - MINUTE ? (now - MINUTE - created) / Math.max(1, t) : 1;
        let clientMessageId = 1;
        let responsible: number | null = null;
        let openedAt = created;
        let awaiting: number | null = null;
        let lastAt = created;
        let version = 0;
        let clientTurn = true;
        const release = (at: number) => {
          // A responsible deactivated before `at` had their chats released at that moment.
          const held = responsible !== null ? ops.find((o) => o.id === responsible)! : undefined;
          if (held && held.deactivatedAt <= at) {
            assignment.run(id, held.id, null, 1_000, "deactivation", held.deactivatedAt);
            shape.assignments++;
            responsible = null;
            version++;
          }
        };
        for (let m = 0; m < size; m++) {
          const at = Math.floor(created + gaps[m]! * squeeze);
          release(at);
          if (sessionStart[m]) {
            shape.sessions++;
            if (m > 0) {
              // The previous session was closed, with reset on close; this message reopened the chat.
              closure.run(id, responsible ?? pick(activeAt(lastAt)).id, responsible, openedAt, lastAt + MINUTE);
              shape.closures++;
              if (responsible !== null) {
                assignment.run(id, responsible, null, null, "reset", lastAt + MINUTE);
                shape.assignments++;
              }
              responsible = null;
              openedAt = at;
              shape.reopenings++;
              version += 2;
            }
            clientTurn = true;
          }
          lastAt = at;
          if (clientTurn) {
            const sourceId = clientMessageId++;
            const info = message.run(id, "in", null, tg, `Client ${id}`, say(2, 20), tg, sourceId, null, at);
            const messageId = Number(info.lastInsertRowid);
            awaiting ??= at;
            const recipients = activeAt(at).filter(
              (o) => o.filter === "all" || o.id === responsible || (o.filter === "new_and_mine" && responsible === null),
            );
            for (const o of recipients) {
              // Traffic from many clients interleaves, so most copies need a card first.
              if (feeds.get(o.id) !== id || rand() < 0.3)
                delivered(o.id, id, null, "card", at, () => JSON.stringify({ type: "card", chatId: id, silent: true }));
              feeds.set(o.id, id);
              delivered(o.id, id, messageId, "copy", at, () =>
                JSON.stringify({
                  type: "copy",
                  fromChatId: tg,
                  sourceMessageIds: [sourceId],
                  messageIds: [messageId],
                  silent: false,
                  forward: false,
                }),
              );
            }
            clientTurn = rand() < 0.4;
            continue;
          }
          // An operator answers: the first answer of a session makes them responsible; some chats change hands.
          if (responsible === null) {
            const who = pick(activeAt(at)).id;
            assignment.run(id, null, who, who, rand() < 0.7 ? "auto" : "claim", at);
            shape.assignments++;
            responsible = who;
            version++;
          } else if (rand() < 0.05) {
            const to = pick(activeAt(at).filter((o) => o.id !== responsible)).id;
            const how = rand() < 0.5 ? "manual" : "takeover";
            assignment.run(id, responsible, to, how === "manual" ? 1_000 : to, how, at);
            shape.assignments++;
            shape.reassignments++;
            responsible = to;
            version++;
          }
          const op = responsible!;
          const sourceId = nextIn(op);
          const info = message.run(
            id,
            "out",
            op,
            null,
            `Op${op - 1_000}`,
            say(4, 30),
            op,
            sourceId,
            awaiting === null ? null : at - awaiting,
            at,
          );
          const messageId = Number(info.lastInsertRowid);
          location.run(tg, clientMessageId++, id, messageId, "copy");
          shape.locations++;
          if (at > now - OUTBOX_RETENTION) {
            outbox.run(
              tg,
              "copy",
              JSON.stringify({ type: "copy", fromChatId: op, sourceMessageIds: [sourceId], messageIds: [messageId], silent: false }),
              id,
              messageId,
              at,
              at,
              at + 150,
            );
            shape.outbox++;
          }
          awaiting = null;
          clientTurn = rand() < 0.7;
        }
        release(now);
        // Most chats end closed; recent ones and a tail of forgotten ones stay open.
        const open = lastAt > now - 2 * DAY ? rand() < 0.5 : rand() < 0.03;
        if (!open) {
          closure.run(id, responsible ?? pick(activeAt(lastAt)).id, responsible, openedAt, lastAt + MINUTE);
          shape.closures++;
          if (responsible !== null) {
            assignment.run(id, responsible, null, null, "reset", lastAt + MINUTE);
            shape.assignments++;
          }
          responsible = null;
        } else shape.openChats++;
        // The watchdog has long dealt with old unanswered chats.
        const stage = open && awaiting !== null && awaiting < now - 10 * MINUTE ? 2 : 0;
        chat.run(
          id,
          tg,
          `Client ${id}`,
          open ? "open" : "closed",
          responsible,
          version,
          created,
          lastAt,
          open ? awaiting : null,
          openedAt,
          stage,
          open ? null : lastAt + MINUTE,
        );
      }
    })();
  }
  c.transaction(() => {
    const feed = c.prepare("insert into operator_feeds (operator_id, last_chat_id) values (?, ?)");
    for (const [op, chatId] of feeds) feed.run(op, chatId);
  })();
  c.exec("insert into messages_fts(messages_fts) values ('rebuild'); insert into chats_fts(chats_fts) values ('rebuild')");
  c.exec(
    "update search_indexed set upto = (select coalesce(max(id), 0) from messages) where source = 'messages'; " +
      "update search_indexed set upto = (select coalesce(max(id), 0) from chats) where source = 'chats'",
  );
  for (const trigger of searchTriggers) c.exec(trigger);
  const dangling = c.pragma("foreign_key_check") as unknown[];
  if (dangling.length) throw new Error(`the generated store has ${dangling.length} rows pointing nowhere`);
  c.pragma("journal_mode = WAL");
  c.close();
  shape.seconds = (performance.now() - started) / 1000;
  return shape;
}
