import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, expect, it } from "vitest";
import { BackupService } from "../src/db/backup.js";
import { type Db, openDatabase } from "../src/db/client.js";
import { WriteBatch } from "../src/db/write-batch.js";

let dir: string | undefined;
let db: Db | undefined;
afterEach(() => {
  db?.$client.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// A scheduled backup copies between the bot's own work, a step at a time. When polling's transaction for the next
// updates is open at a step (a handler awaiting something other than Telegram), SQLite's backup from the bot's
// connection could not step, better-sqlite3 reported success, and an empty file became the newest backup (and
// rotation deleted an older good one).
it("waits out the next updates' open transaction instead of keeping an empty copy", async () => {
  dir = mkdtempSync(join(tmpdir(), "backup-batch-"));
  db = openDatabase(join(dir, "console.sqlite"));
  db.$client.prepare("INSERT INTO settings (key, value) VALUES ('ratings', 'true')").run();
  const batch = new WriteBatch(db.$client);
  const backups = new BackupService(db, join(dir, "backups"), 3);
  const taking = backups.backupNow();
  batch.begin();
  await batch.item(1, async () => {
    db!.$client.prepare("INSERT INTO settings (key, value) VALUES ('signReplies', 'true')").run();
    await sleep(50);
  });
  batch.commit();
  const backup = await taking;
  const copy = new Database(backup.path, { readonly: true });
  const keys = (copy.prepare("SELECT key FROM settings ORDER BY key").all() as Array<{ key: string }>).map((r) => r.key);
  copy.close();
  // Not an empty file: the copy waited for the transaction to end, and holds what was committed by then.
  expect(keys).toEqual(["ratings", "signReplies"]);
});
