import { execFileSync } from "node:child_process";
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from "node:fs";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { runMain } from "./support/child-bot.js";
import { tempDir } from "./support/console.js";
import { FakeTelegram, TOKEN } from "./support/fake-telegram/server.js";

const ADA = 100;
const CLIENTS = 10;
const MESSAGES = 200;

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/** A real filesystem of a few megabytes (tests run as root, in CI too), so the disk really fills up. */
function smallFilesystem(): string {
  const dir = tempDir();
  cleanup.push(() => dir.remove());
  const mount = `${dir.path}/disk`;
  mkdirSync(mount);
  execFileSync("mount", ["-t", "tmpfs", "-o", "size=32m", "tmpfs", mount]);
  cleanup.push(() => execFileSync("umount", ["-l", mount]));
  return mount;
}

/** Writes a file until the filesystem has no space left. */
function fillUp(path: string): void {
  const fd = openSync(path, "w");
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOSPC") throw err;
  } finally {
    closeSync(fd);
  }
}

describe("a really full disk", () => {
  it("loses no message: the real process keeps running, confirms nothing it could not store, and takes everything in once space is freed", async () => {
    const fake = await new FakeTelegram().start();
    cleanup.push(() => fake.stop());
    const disk = smallFilesystem();
    const path = `${disk}/console.sqlite`;
    fake.user(ADA, "Ada");
    const bot = runMain({
      BOT_TOKEN: TOKEN,
      BOT_API_ROOT: fake.apiRoot,
      DATABASE_PATH: path,
      ADMIN_IDS: String(ADA),
      LOG_LEVEL: process.env.TEST_CHILD_LOG ?? "fatal",
      SEND_RATE_PER_SECOND: "100000",
      SEND_RATE_PER_CHAT: "100000",
    });
    cleanup.push(() => bot.cleanup());
    await fake.until(() => fake.callsOf("getUpdates").length > 0, 20_000);
    const reader = new Database(path, { readonly: true });
    cleanup.push(() => reader.close());
    const stored = () => (reader.prepare("select count(*) n from messages where direction = 'in'").get() as { n: number }).n;

    // Every copy is counted below: past 120 unsent rows the console would rightly sum the rest up in one notice.
    fake.send(fake.user(ADA, "Ada"), { text: "/backlog off" });
    await fake.until(() => fake.botMessages(ADA).some((s) => s.message.text === "The queue cap is now off."), 20_000);
    fillUp(`${disk}/filler`);
    const clients = Array.from({ length: CLIENTS }, (_, i) => fake.user(500 + i, `Client${i}`));
    const texts = Array.from({ length: MESSAGES }, (_, i) => `c${i % CLIENTS}-m${i}`);
    texts.forEach((text, i) => {
      fake.send(clients[i % CLIENTS]!, { text });
    });
    const notices = (prefix: string) => fake.botMessages(ADA).filter((s) => s.message.text?.startsWith(prefix));
    const confirmedNotStored = () => MESSAGES - fake.world.pendingUpdates() - stored();
    await fake.until(() => notices("⚠️ The console cannot write to its database").length > 0 || confirmedNotStored() > 0, 20_000);
    expect(confirmedNotStored()).toBeLessThanOrEqual(0);
    expect(notices("⚠️ The console cannot write to its database")[0]!.message.text).toContain("the disk is full (SQLITE_FULL)");
    await new Promise((r) => setTimeout(r, 1_000));
    expect(confirmedNotStored()).toBeLessThanOrEqual(0);
    expect(fake.world.pendingUpdates()).toBeGreaterThan(0);
    expect(bot.child.exitCode).toBeNull();

    rmSync(`${disk}/filler`);
    await fake
      .until(() => stored() === MESSAGES && fake.world.pendingUpdates() === 0, 60_000)
      .catch((err) => {
        throw new Error(`${err}: ${stored()} stored, ${fake.world.pendingUpdates()} pending\n${bot.output().slice(-3000)}`);
      });
    const copies = () =>
      fake
        .botMessages(ADA)
        .map((s) => s.message.text)
        .filter((text) => text?.startsWith("c"));
    await fake.until(() => copies().length >= MESSAGES, 30_000);
    expect(copies().sort()).toEqual([...texts].sort());
    await fake.until(() => notices("✅ The console can write to its database again").length === 1, 10_000);
    expect(notices("⚠️ The console cannot write to its database")).toHaveLength(1);
    bot.child.kill("SIGTERM");
    expect(await bot.exited).toBe(0);
  }, 120_000);
});
