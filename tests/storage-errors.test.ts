import Database from "better-sqlite3";
import { DrizzleQueryError } from "drizzle-orm/errors";
import { BotError } from "grammy";
import { describe, expect, it } from "vitest";
import { isStorageError, storageErrorCode } from "../src/db/storage-errors.js";

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error("expected an error");
}

const sqliteError = (code: string) => new Database.SqliteError("from the driver", code);

describe("telling a failing database from a failing handler", () => {
  it("recognises full disks, I/O errors, read-only files, vanished files and locks, however wrapped", () => {
    for (const code of [
      "SQLITE_FULL",
      "SQLITE_IOERR",
      "SQLITE_IOERR_WRITE",
      "SQLITE_IOERR_FSYNC",
      "SQLITE_READONLY",
      "SQLITE_READONLY_DBMOVED",
      "SQLITE_CANTOPEN",
      "SQLITE_BUSY",
      "SQLITE_BUSY_SNAPSHOT",
    ]) {
      expect(storageErrorCode(sqliteError(code)), code).toBe(code);
      const wrapped = new BotError(new DrizzleQueryError("insert into messages ...", [], sqliteError(code)), {} as never);
      expect(storageErrorCode(wrapped), code).toBe(code);
    }
  });

  it("leaves bugs and bad data to the safety net", () => {
    expect(isStorageError(sqliteError("SQLITE_CONSTRAINT_UNIQUE"))).toBe(false);
    expect(isStorageError(sqliteError("SQLITE_ERROR"))).toBe(false);
    expect(isStorageError(new TypeError("cannot read properties of undefined"))).toBe(false);
    expect(isStorageError(new BotError(new Error("boom"), {} as never))).toBe(false);
    expect(isStorageError(undefined)).toBe(false);
  });

  it("classifies what SQLite really answers on a full and on a read-only database", () => {
    const db = new Database(":memory:");
    db.exec("create table t(x)");
    db.pragma(`max_page_count = ${db.pragma("page_count", { simple: true }) as number}`);
    const full = thrown(() => {
      for (let i = 0; i < 10_000; i++) db.prepare("insert into t values (?)").run("x".repeat(200));
    });
    expect(storageErrorCode(full)).toBe("SQLITE_FULL");
    db.pragma("max_page_count = 1000000");
    db.pragma("query_only = ON");
    expect(storageErrorCode(thrown(() => db.prepare("insert into t values (1)").run()))).toMatch(/^SQLITE_READONLY/);
    db.close();
  });
});
