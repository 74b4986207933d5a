import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../src/db/client.js";
import { tempDir } from "./support/console.js";

const cleanup: Array<() => void> = [];
afterEach(() =>
  cleanup
    .splice(0)
    .reverse()
    .forEach((fn) => {
      fn();
    }),
);

const TABLES = [
  "operators",
  "invites",
  "groups",
  "group_members",
  "chats",
  "messages",
  "locations",
  "outbox",
  "operator_feeds",
  "assignments",
  "closures",
  "held_replies",
  "failed_updates",
  "settings",
  "sqlite_sequence",
];

/** A database as the console left it at the migration before the foreign keys, with rows of every kind. */
function databaseBeforeForeignKeys(dir: string): string {
  const folder = `${dir}/migrations`;
  cpSync(resolve(import.meta.dirname, "../migrations"), folder, { recursive: true });
  const journal = JSON.parse(readFileSync(`${folder}/meta/_journal.json`, "utf8")) as { entries: Array<{ tag: string }> };
  journal.entries = journal.entries.slice(
    0,
    journal.entries.findIndex((e) => e.tag === "0004_foreign_keys"),
  );
  writeFileSync(`${folder}/meta/_journal.json`, JSON.stringify(journal));
  const path = `${dir}/console.sqlite`;
  const sqlite = new Database(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  migrate(drizzle(sqlite), { migrationsFolder: folder });
  const t = 1_795_700_000_000;
  sqlite.exec(`
    INSERT INTO operators (id, name, username, role, active, availability, created_at, locale, language_code) VALUES
      (100, 'Ada', 'ada', 'admin', 1, 'online', ${t}, 'en', 'en'),
      (200, 'Ben', NULL, 'operator', 0, 'away', ${t}, NULL, 'ru'),
      (300, 'Cy', 'cy', 'operator', 1, 'away', ${t}, 'ru', NULL);
    INSERT INTO invites (code, created_by, request_message_id, created_at, expires_at, used_by, used_at) VALUES
      ('used', 100, 5, ${t}, ${t + 86_400_000}, 200, ${t + 10}),
      ('open', 100, 6, ${t}, ${t + 86_400_000}, NULL, NULL);
    INSERT INTO groups (id, name, algorithm, last_picked_operator_id, created_at) VALUES (1, 'Sales', 'round_robin', 200, ${t});
    INSERT INTO group_members (group_id, operator_id) VALUES (1, 200), (1, 300);
    INSERT INTO chats (id, telegram_chat_id, kind, title, status, responsible_id, queued_group_id, version, created_at, last_activity_at, opened_at, closed_at, start_source, language_code) VALUES
      (1, 500, 'private', 'Carol', 'open', 300, NULL, 3, ${t}, ${t + 50}, ${t}, NULL, 'promo', 'ru'),
      (2, 501, 'private', 'Dan', 'open', NULL, 1, 2, ${t}, ${t + 60}, ${t}, NULL, NULL, NULL),
      (3, 502, 'private', 'Eve', 'closed', 200, NULL, 5, ${t}, ${t + 70}, ${t}, ${t + 80}, NULL, NULL),
      (4, -900, 'group', 'Team chat', 'open', NULL, NULL, 0, ${t}, ${t + 90}, ${t}, NULL, NULL, NULL);
    INSERT INTO messages (id, chat_id, direction, author_operator_id, sender_user_id, sender_name, kind, text, source_chat_id, source_message_id, reply_to_message_id, first_response_ms, created_at, signed_as) VALUES
      (1, 1, 'in', NULL, 500, 'Carol', 'text', 'hello', 500, 1, NULL, NULL, ${t + 1}, NULL),
      (2, 1, 'out', 300, NULL, 'Cy', 'text', 'hi Carol', 300, 7, 1, 4000, ${t + 5}, 'Cy'),
      (3, 3, 'out', 200, NULL, 'Ben', 'photo', NULL, 200, 8, NULL, NULL, ${t + 6}, NULL),
      (4, 4, 'in', NULL, 901, 'Fay', 'text', 'in the group', -900, 1, NULL, NULL, ${t + 7}, NULL);
    INSERT INTO locations (telegram_chat_id, telegram_message_id, chat_id, message_id, kind) VALUES
      (500, 1, 1, 1, 'original'), (300, 40, 1, 1, 'copy'), (300, 41, 1, NULL, 'card'), (100, 42, 2, NULL, 'notice'), (500, 2, 1, 2, 'copy');
    INSERT INTO outbox (id, destination_chat_id, kind, payload, chat_id, message_id, status, attempts, not_before, created_at, done_at) VALUES
      (1, 300, 'copy', '{"type":"copy","fromChatId":500,"sourceMessageIds":[1],"messageIds":[1],"silent":false}', 1, 1, 'sent', 1, ${t}, ${t}, ${t + 2}),
      (2, 100, 'notice', '{"type":"notice","text":"x","silent":true}', 2, NULL, 'pending', 0, ${t}, ${t}, NULL);
    INSERT INTO operator_feeds (operator_id, last_chat_id) VALUES (300, 1), (200, 3);
    INSERT INTO assignments (id, chat_id, from_operator_id, to_operator_id, by_operator_id, how, group_id, at) VALUES
      (1, 1, NULL, 300, 300, 'claim', NULL, ${t + 3}),
      (2, 3, NULL, 200, 100, 'manual', NULL, ${t + 4}),
      (3, 2, NULL, NULL, NULL, 'group', 1, ${t + 5}),
      (4, 3, 200, NULL, 100, 'deactivation', NULL, ${t + 6});
    INSERT INTO closures (id, chat_id, by_operator_id, responsible_id, opened_at, closed_at) VALUES (1, 3, 200, 200, ${t}, ${t + 80}), (2, 1, 100, NULL, ${t}, ${t + 20});
    INSERT INTO held_replies (id, operator_id, chat_id, source_message_id, parts, reply_to_message_id, prompt_message_id, resolution, resolved_at, created_at) VALUES
      (1, 100, 1, 9, '[{"telegramMessageId":9,"kind":"text","text":"mine"}]', 1, 10, 'cancel', ${t + 30}, ${t + 20});
    INSERT INTO failed_updates (id, payload, error, attempts, next_attempt_at, created_at) VALUES (1, '{"update_id":77}', 'Error: boom', 5, 9007199254740991, ${t});
    INSERT INTO settings (key, value) VALUES ('watchdogMinutes', '5'), ('foldAfter', '0');
  `);
  sqlite.close();
  return path;
}

function contents(path: string): Record<string, unknown[]> {
  const sqlite = new Database(path, { readonly: true });
  try {
    return Object.fromEntries(TABLES.map((table) => [table, sqlite.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all()]));
  } finally {
    sqlite.close();
  }
}

/** The row's values for the columns `like` has. */
function pick(row: Record<string, unknown>, like: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.keys(like ?? row).map((k) => [k, row[k]]));
}

describe("the migration that declares foreign keys", () => {
  it("keeps every row of a database in use, and the keys hold afterwards", () => {
    const dir = tempDir();
    cleanup.push(() => dir.remove());
    const path = databaseBeforeForeignKeys(dir.path);
    const before = contents(path);
    expect(before.messages).toHaveLength(4);

    const db = openDatabase(path);
    cleanup.push(() => db.$client.close());
    db.$client.pragma("wal_checkpoint(TRUNCATE)");
    // Later migrations may add columns; every row keeps every value it had.
    const after = contents(path);
    for (const [table, rows] of Object.entries(before)) {
      expect(
        after[table]?.map((row, i) => pick(row as Record<string, unknown>, rows[i] as Record<string, unknown>)),
        table,
      ).toEqual(rows);
    }
    expect(db.$client.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(db.$client.pragma("foreign_key_check")).toEqual([]);
    const keys = (table: string) =>
      (db.$client.pragma(`foreign_key_list(${table})`) as Array<{ from: string; table: string }>).map((k) => `${k.from}→${k.table}`).sort();
    expect(keys("chats")).toEqual(["business_account_id→business_connections", "queued_group_id→groups", "responsible_id→operators"]);
    expect(keys("assignments")).toEqual([
      "by_operator_id→operators",
      "chat_id→chats",
      "from_operator_id→operators",
      "group_id→groups",
      "to_operator_id→operators",
    ]);
    expect(() =>
      db.$client
        .prepare(
          "INSERT INTO messages (chat_id, direction, sender_name, kind, source_chat_id, source_message_id, created_at) VALUES (99, 'in', 'x', 'text', 1, 99, 0)",
        )
        .run(),
    ).toThrow("FOREIGN KEY constraint failed");
    // New chats keep counting from where they were.
    db.$client
      .prepare("INSERT INTO chats (telegram_chat_id, kind, title, created_at, last_activity_at) VALUES (503, 'private', 'Gus', 0, 0)")
      .run();
    expect(db.$client.prepare("SELECT max(id) AS id FROM chats").get()).toEqual({ id: 5 });
  });

  it("refuses to start on rows that point nowhere, naming the tables, rather than run with broken references", () => {
    const dir = tempDir();
    cleanup.push(() => dir.remove());
    const path = databaseBeforeForeignKeys(dir.path);
    const sqlite = new Database(path);
    sqlite.prepare("UPDATE chats SET responsible_id = 999 WHERE id = 2").run();
    sqlite.close();
    expect(() => openDatabase(path)).toThrow(/1 rows point at rows that do not exist \(chats → operators\)/);
  });
});

describe("checking references after an upgrade", () => {
  /** A database at the console's latest migration, with Carol's chat and Cy its responsible. */
  function currentDatabase(dir: string): string {
    const path = `${dir}/console.sqlite`;
    const db = openDatabase(path);
    const t = 1_795_700_000_000;
    db.$client.exec(`
      INSERT INTO operators (id, name, created_at) VALUES (300, 'Cy', ${t});
      INSERT INTO chats (id, telegram_chat_id, kind, title, responsible_id, created_at, last_activity_at) VALUES (1, 500, 'private', 'Carol', 300, ${t}, ${t});
    `);
    db.$client.close();
    return path;
  }

  /** The console's migrations and one more, as the next upgrade would bring it. */
  function upgradeWith(dir: string, sql: string): string {
    const folder = `${dir}/migrations`;
    cpSync(resolve(import.meta.dirname, "../migrations"), folder, { recursive: true });
    const journal = JSON.parse(readFileSync(`${folder}/meta/_journal.json`, "utf8")) as { entries: Array<Record<string, unknown>> };
    journal.entries.push({ idx: journal.entries.length, version: "6", when: Date.now(), tag: "9999_next", breakpoints: true });
    writeFileSync(`${folder}/meta/_journal.json`, JSON.stringify(journal));
    writeFileSync(`${folder}/9999_next.sql`, sql);
    return folder;
  }

  it("checks only the tables a new migration writes to or rebuilt, not a year of messages it only reads", () => {
    const dir = tempDir();
    cleanup.push(() => dir.remove());
    const path = currentDatabase(dir.path);
    // A messages row no check would pass. The console never writes one (the checks are on at run time), so it
    // stands for a table too big to read at every upgrade: one that a migration only reads or puts a trigger on.
    const sqlite = new Database(path);
    sqlite.pragma("foreign_keys = OFF");
    sqlite
      .prepare(
        "INSERT INTO messages (chat_id, direction, sender_name, kind, source_chat_id, source_message_id, created_at) VALUES (99, 'in', 'x', 'text', 1, 99, 0)",
      )
      .run();
    sqlite.close();
    const folder = upgradeWith(
      dir.path,
      `CREATE TABLE \`daily_counts\` (\`day\` integer PRIMARY KEY, \`n\` integer NOT NULL);
--> statement-breakpoint
INSERT INTO \`daily_counts\` SELECT \`created_at\` / 86400000, count(*) FROM \`messages\` GROUP BY 1;
--> statement-breakpoint
CREATE TRIGGER \`daily_counts_message\` AFTER INSERT ON \`messages\` BEGIN
  INSERT INTO \`daily_counts\` VALUES (NEW.\`created_at\` / 86400000, 1) ON CONFLICT (\`day\`) DO UPDATE SET \`n\` = \`n\` + 1;
END;`,
    );
    const db = openDatabase(path, { migrationsFolder: folder });
    cleanup.push(() => db.$client.close());
    expect(db.$client.prepare("SELECT n FROM daily_counts").pluck().all()).toEqual([1]);
  });

  it("still checks what a migration changed without rebuilding a table: rows it deleted that others point at", () => {
    const dir = tempDir();
    cleanup.push(() => dir.remove());
    const path = currentDatabase(dir.path);
    // The table keeps its root page and its definition.
    const folder = upgradeWith(dir.path, "DELETE FROM `operators` WHERE `id` = 300;");
    expect(() => openDatabase(path, { migrationsFolder: folder })).toThrow(/1 rows point at rows that do not exist \(chats → operators\)/);
  });

  it("still checks a table dropped and made again, whose root page may be the same", () => {
    const dir = tempDir();
    cleanup.push(() => dir.remove());
    const path = currentDatabase(dir.path);
    const folder = upgradeWith(
      dir.path,
      "DROP TABLE `groups`;\n--> statement-breakpoint\nCREATE TABLE `groups` (`id` integer PRIMARY KEY, `name` text NOT NULL, `algorithm` text NOT NULL DEFAULT 'round_robin', `last_picked_operator_id` integer, `created_at` integer NOT NULL);",
    );
    const sqlite = new Database(path);
    sqlite.exec(
      "INSERT INTO groups (id, name, algorithm, created_at) VALUES (7, 'Sales', 'round_robin', 0); UPDATE chats SET queued_group_id = 7 WHERE id = 1;",
    );
    sqlite.close();
    expect(() => openDatabase(path, { migrationsFolder: folder })).toThrow(/rows point at rows that do not exist \(.*chats → groups/);
  });
});
