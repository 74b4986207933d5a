import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WriteBatch } from "../src/db/write-batch.js";

// The batch on a real SQLite file, read back through a second connection: what another process (or a crash)
// would find committed.
let dir: string;
let db: Database.Database;
let other: Database.Database;
let batch: WriteBatch;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "write-batch-"));
  db = new Database(join(dir, "db.sqlite"));
  db.pragma("journal_mode = WAL");
  db.exec("CREATE TABLE t (v TEXT)");
  other = new Database(join(dir, "db.sqlite"), { readonly: true });
  batch = new WriteBatch(db);
});
afterEach(() => {
  other.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const write = (v: string) => db.prepare("INSERT INTO t (v) VALUES (?)").run(v);
const committed = () => (other.prepare("SELECT v FROM t ORDER BY rowid").all() as Array<{ v: string }>).map((r) => r.v);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("one transaction per getUpdates answer", () => {
  it("holds the updates' writes until the commit", async () => {
    batch.begin();
    await batch.item(1, async () => write("a"));
    await batch.item(2, async () => write("b"));
    expect(committed()).toEqual([]);
    batch.commit();
    expect(committed()).toEqual(["a", "b"]);
    expect(batch.commits).toBe(1);
  });

  it("undoes a failing update's writes alone", async () => {
    batch.begin();
    await batch.item(1, async () => write("a"));
    await expect(
      batch.item(2, async () => {
        write("poison");
        throw new Error("bug");
      }),
    ).rejects.toThrow("bug");
    batch.commit();
    expect(committed()).toEqual(["a"]);
  });

  it("commits before other code writes while an update awaits, so undoing the update cannot undo that write", async () => {
    batch.begin();
    await batch.item(1, async () => write("a"));
    // The worker or the HTTP API, running while the handler awaits something (a chart render, a file).
    setTimeout(() => write("worker"), 5);
    await expect(
      batch.item(2, async () => {
        write("b");
        await sleep(30);
        throw new Error("storage failed later");
      }),
    ).rejects.toThrow();
    batch.commit();
    // Without the guard the worker's row was inside update 2's savepoint and rolled back with it.
    expect(committed()).toEqual(["a", "b", "worker"]);
  });

  it("commits before a timer an earlier update left behind writes during a later update", async () => {
    batch.begin();
    await batch.item(1, async () => {
      setTimeout(() => write("late"), 5);
    });
    let seenByOthers: string[] = [];
    await batch.item(2, async () => {
      write("b");
      await sleep(30);
      seenByOthers = committed();
    });
    expect(seenByOthers).toEqual(["b", "late"]);
  });

  it("commits before any request to Telegram, whoever builds it", async () => {
    const options = batch.telegramOptions({ apiRoot: "http://127.0.0.1:1" });
    batch.begin();
    let url: string | URL = "";
    await batch.item(1, async () => {
      write("answer stored");
      url = options.buildUrl("http://127.0.0.1:1", "TOKEN", "sendMessage", "prod");
    });
    expect(committed()).toEqual(["answer stored"]);
    expect(String(url)).toBe("http://127.0.0.1:1/botTOKEN/sendMessage");
  });

  it("runs what waits for the commit once it is done (delivery looks only at committed rows)", async () => {
    const seen: string[][] = [];
    batch.begin();
    await batch.item(1, async () => {
      write("a");
      batch.afterCommit(() => seen.push(committed()));
    });
    expect(seen).toEqual([]);
    batch.commit();
    expect(seen).toEqual([["a"]]);
  });

  it("copies only what is committed into a backup, even when the update asks for it", async () => {
    batch.begin();
    await batch.item(1, async () => {
      write("a");
      await db.backup(join(dir, "copy.sqlite"));
    });
    const copy = new Database(join(dir, "copy.sqlite"), { readonly: true });
    expect(copy.prepare("SELECT count(*) AS n FROM t").get()).toEqual({ n: 1 });
    copy.close();
  });

  it("runs every callback waiting for the commit, and a failing one neither fails the commit nor stops the rest", async () => {
    const failures: unknown[] = [];
    batch = new WriteBatch(db, (err) => failures.push(err));
    let kicked = false;
    batch.begin();
    await batch.item(1, async () => {
      write("a");
      batch.afterCommit(() => {
        throw new Error("callback bug");
      });
      batch.afterCommit(() => {
        kicked = true;
      });
    });
    // Polling takes a throwing commit for a failed one and handles the committed updates again.
    expect(() => batch.commit()).not.toThrow();
    expect(committed()).toEqual(["a"]);
    expect(batch.rolledBack).toBe(false);
    expect(kicked).toBe(true);
    expect(failures).toHaveLength(1);
  });
  it("commits before a transaction compiled earlier runs outside the updates (the worker's record of a send)", async () => {
    const record = db.transaction((v: string) => write(v));
    batch.begin();
    await batch.item(1, async () => write("a"));
    // Made before the batch opened and called from outside any update: its BEGIN must not nest in the batch.
    record.immediate("sent");
    expect(committed()).toEqual(["a", "sent"]);
    record("sent again");
    expect(committed()).toEqual(["a", "sent", "sent again"]);
  });
});
