import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { afterEach, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { getChat } from "../../src/rules/chats.js";
import { foldOverflow, sealFold } from "../../src/rules/folds.js";
import { tempDir } from "../support/console.js";

const dir = tempDir();
afterEach(() => dir.remove());

/** A database as the console left it before fold counts moved out of the notices' payloads. */
function databaseBeforeOpenFolds(): string {
  const folder = `${dir.path}/migrations`;
  cpSync(resolve(import.meta.dirname, "../../migrations"), folder, { recursive: true });
  const journal = JSON.parse(readFileSync(`${folder}/meta/_journal.json`, "utf8")) as { entries: Array<{ tag: string }> };
  journal.entries = journal.entries.slice(
    0,
    journal.entries.findIndex((e) => e.tag === "0021_open_folds"),
  );
  writeFileSync(`${folder}/meta/_journal.json`, JSON.stringify(journal));
  const path = `${dir.path}/console.sqlite`;
  const sqlite = new Database(path);
  sqlite.pragma("journal_mode = WAL");
  migrate(drizzle(sqlite), { migrationsFolder: folder });
  const t = 1_795_700_000_000;
  const fold = (count: number, sealed: boolean) =>
    JSON.stringify({ type: "fold", chatId: 1, count, silent: false, ...(sealed ? { sealed: true } : {}) });
  sqlite.exec(`
    INSERT INTO operators (id, name, role, active, created_at) VALUES (100, 'Ada', 'admin', 1, ${t}), (200, 'Ben', 'operator', 1, ${t});
    INSERT INTO chats (id, telegram_chat_id, kind, title, created_at, last_activity_at) VALUES (1, 500, 'private', 'Carol', ${t}, ${t});
    INSERT INTO outbox (id, destination_chat_id, kind, payload, chat_id, not_before, created_at, status) VALUES
      (10, 100, 'fold', '${fold(5, false)}', 1, ${t}, ${t}, 'pending'),
      (11, 200, 'fold', '${fold(7, true)}', 1, ${t}, ${t}, 'pending');
  `);
  sqlite.close();
  return path;
}

it("keeps counting a fold notice that was open when the console was upgraded, and leaves a sealed one as it was", () => {
  const db = openDatabase(databaseBeforeOpenFolds());
  try {
    const chat = getChat(db, 1)!;
    const recipients = [
      { operatorId: 100, silent: false },
      { operatorId: 200, silent: false },
    ];
    // Ada's open notice takes the next message; Ben's was sealed (being sent), so he is not folded by it.
    const copying = foldOverflow(db, chat, recipients, false, () => 1_795_700_001_000);
    expect(copying.map((r) => r.operatorId)).toEqual([200]);
    expect(sealFold(db, 10)).toBe(6);
    expect(sealFold(db, 11)).toBe(7);
    // Sealed once, the count stays what the operator is shown, whatever comes after.
    foldOverflow(db, chat, recipients, false, () => 1_795_700_002_000);
    expect(sealFold(db, 10)).toBe(6);
  } finally {
    db.$client.close();
  }
});
