import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../src/db/client.js";
import { runMain } from "./support/child-bot.js";
import { tempDir } from "./support/console.js";
import { TOKEN } from "./support/fake-telegram/server.js";

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

function scratch(): string {
  const dir = tempDir();
  cleanup.push(() => dir.remove());
  return dir.path;
}

/** Starts the real bot on `path` and returns what it printed; it must stop before talking to Telegram. */
async function startOn(path: string): Promise<{ code: number | null; lines: string[] }> {
  // Nothing listens on this port: if the bot got past the database, it would fail differently.
  const run = runMain({ BOT_TOKEN: TOKEN, BOT_API_ROOT: "http://127.0.0.1:9", DATABASE_PATH: path });
  cleanup.push(() => run.cleanup());
  const code = await run.exited;
  return { code, lines: run.output().trim().split("\n") };
}

function expectOneLine(result: { code: number | null; lines: string[] }, path: string, cause: RegExp): void {
  expect(result.code).toBe(1);
  expect(result.lines, result.lines.join("\n")).toHaveLength(1);
  expect(result.lines[0]).toContain(`DATABASE_PATH=${path}`);
  expect(result.lines[0]).toMatch(cause);
}

describe("an unusable DATABASE_PATH stops the bot with one line naming it and the cause", () => {
  it("a folder", async () => {
    const path = `${scratch()}/db.sqlite`;
    mkdirSync(path);
    expectOneLine(await startOn(path), path, /it is a folder; set DATABASE_PATH to a file inside it/);
  });

  it("a file where a folder should be", async () => {
    const dir = scratch();
    writeFileSync(`${dir}/data`, "notes");
    const path = `${dir}/data/console.sqlite`;
    expectOneLine(await startOn(path), path, new RegExp(`${dir}/data is a file, not a folder`));
  });

  it("a file that is not a SQLite database", async () => {
    const path = `${scratch()}/console.sqlite`;
    writeFileSync(path, randomBytes(8192));
    expectOneLine(await startOn(path), path, /not a SQLite database/);
  });

  it("a database on a read-only file system (or, for a non-root user, in a folder it may not write)", async () => {
    const dir = scratch();
    const folder = `${dir}/ro`;
    mkdirSync(folder);
    const path = `${folder}/console.sqlite`;
    if (process.getuid?.() === 0) {
      // Root writes through file permissions, so only a read-only mount makes the place really read-only.
      execFileSync("mount", ["-t", "tmpfs", "-o", "size=8m", "tmpfs", folder]);
      cleanup.push(() => execFileSync("umount", [folder]));
      openDatabase(path).$client.close();
      execFileSync("mount", ["-o", "remount,ro", folder]);
      expectOneLine(await startOn(path), path, /is on a read-only file system: choose a writable place/);
    } else {
      chmodSync(folder, 0o500);
      cleanup.push(() => chmodSync(folder, 0o700));
      expectOneLine(await startOn(path), path, /may not write in/);
    }
  });

  it("a place this process may not write to", async () => {
    // sysfs refuses new files even to root.
    expectOneLine(await startOn("/sys/console.sqlite"), "/sys/console.sqlite", /may not write in \/sys/);
  });

  it("another application's database, where the migrations fail, is named", async () => {
    const path = `${scratch()}/console.sqlite`;
    const other = new Database(path);
    other.exec("create table chats (id integer primary key, something text)");
    other.close();
    const result = await startOn(path);
    expectOneLine(result, path, /could not be brought up to date \(a migration failed: .*chats.* already exists\)/);
  });
});
