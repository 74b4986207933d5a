import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import Database from "better-sqlite3";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { BackupService } from "../src/db/backup.js";
import { startCheckpointer } from "../src/db/checkpointer.js";
import { openDatabase } from "../src/db/client.js";
import { recordClientMessage } from "../src/rules/relay.js";
import { runMain } from "./support/child-bot.js";
import { consoleForEachTest, tempDir } from "./support/console.js";
import { FakeTelegram, TOKEN } from "./support/fake-telegram/server.js";
import { addOperator } from "./support/team.js";

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

function scratch(): string {
  const dir = tempDir();
  cleanup.push(() => dir.remove());
  return dir.path;
}

const migrationsApplied = readdirSync(new URL("../migrations", import.meta.url)).filter((f) => f.endsWith(".sql")).length;

function store(db: ReturnType<typeof openDatabase>, i: number): void {
  recordClientMessage(
    db,
    {
      telegramChatId: 500 + (i % 40),
      chatKind: "private",
      chatTitle: "Client",
      senderUserId: 500 + (i % 40),
      senderName: "Client",
      telegramMessageId: i + 1,
      kind: "text",
      text: `m${i} ${"x".repeat(200)}`,
      copyable: true,
    },
    Date.now,
  );
}

describe("online backups", () => {
  it("a backup taken under write load opens cleanly, has the migrations, and holds every message stored before it began", async () => {
    const dir = scratch();
    const db = openDatabase(`${dir}/console.sqlite`, { backgroundCheckpoints: true });
    cleanup.push(() => db.$client.close());
    const checkpointer = startCheckpointer(`${dir}/console.sqlite`, { intervalMs: 20, truncateAboveBytes: 256 * 1024 });
    cleanup.push(() => checkpointer.stop());
    const BEFORE = 3_000;
    for (let i = 0; i < BEFORE; i++) store(db, i);
    const service = new BackupService(db, `${dir}/backups`, 3);
    let writing = true;
    let written = BEFORE;
    // Messages keep being stored, between the backup's steps, until it is done.
    const writer = (async () => {
      while (writing) {
        for (let k = 0; k < 10; k++) store(db, written++);
        await new Promise((r) => setImmediate(r));
      }
    })();
    const backup = await service.backupNow();
    writing = false;
    await writer;
    expect(written).toBeGreaterThan(BEFORE);
    expect(readdirSync(`${dir}/backups`)).toEqual([backup.path.split("/").at(-1)]);

    const copy = new Database(backup.path, { readonly: true });
    cleanup.push(() => copy.close());
    expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
    expect((copy.prepare("select count(*) n from __drizzle_migrations").get() as { n: number }).n).toBe(migrationsApplied);
    const texts = new Set((copy.prepare("select text from messages").pluck().all() as string[]).map((t) => t.split(" ")[0]));
    const missing = Array.from({ length: BEFORE }, (_, i) => `m${i}`).filter((t) => !texts.has(t));
    expect(missing).toEqual([]);
    // It also opens as the console's database: the migrations find nothing to do.
    copy.close();
    const reopened = openDatabase(backup.path);
    reopened.$client.close();
  }, 120_000);

  it("keeps the newest BACKUP_KEEP copies and never counts a half-written one", async () => {
    const dir = scratch();
    const db = openDatabase(`${dir}/console.sqlite`);
    cleanup.push(() => db.$client.close());
    let now = Date.parse("2026-11-26T10:00:00Z");
    const service = new BackupService(db, `${dir}/backups`, 2, () => (now += 60_000));
    mkdirSync(`${dir}/backups`);
    // A copy a killed process left half-written, and a file of the operator's own.
    writeFileSync(`${dir}/backups/console-2026-11-26T09-00-00-000Z.sqlite.partial`, "half");
    writeFileSync(`${dir}/backups/notes.txt`, "mine");
    const taken = [];
    for (let i = 0; i < 4; i++) taken.push(await service.backupNow());
    expect(readdirSync(`${dir}/backups`).sort()).toEqual([
      "console-2026-11-26T10-03-00-000Z.sqlite",
      "console-2026-11-26T10-04-00-000Z.sqlite",
      "notes.txt",
    ]);
    expect(service.list()).toEqual(taken.slice(2).map((b) => b.path.split("/").at(-1)));
  });
});

describe("/backup", () => {
  const ADA = 100;
  const ANN = 101;
  const backupsDir = tempDir();
  afterAll(() => backupsDir.remove());
  const t = consoleForEachTest({ adminIds: [ADA], backups: { dir: `${backupsDir.path}/b`, keep: 3 } });
  beforeEach(() => {
    rmSync(`${backupsDir.path}/b`, { recursive: true, force: true });
    t.fake.user(ADA, "Ada");
    addOperator(t.app.db, t.fake.user(ANN, "Ann"));
  });
  const chatOf = (id: number) => t.fake.world.chat(id)!.chat as any;

  it("an admin gets the copy's path and size, and the copy holds the chats", async () => {
    t.fake.send(t.fake.user(500, "Carol"), { text: "keep me safe" });
    await t.fake.until(() => t.fake.botMessages(ADA).some((s) => s.message.text === "keep me safe"));
    t.fake.send(chatOf(ADA), { text: "/backup" });
    const answer = await t.fake.until(() => t.fake.botMessages(ADA).find((s) => s.message.text?.startsWith("Backup written")));
    const [, path, size] = /^Backup written: (\S+) \((\d+ KB)\)\.$/.exec(answer.message.text!) ?? [];
    expect(path, answer.message.text).toMatch(new RegExp(`^${backupsDir.path}/b/console-.*\\.sqlite$`));
    expect(size).toBeDefined();
    const copy = new Database(path!, { readonly: true });
    expect(copy.prepare("select text from messages").pluck().all()).toContain("keep me safe");
    copy.close();
  });

  it("an operator is refused, a client's /backup is only relayed, and no file is made", async () => {
    t.fake.send(chatOf(ANN), { text: "/backup" });
    await t.fake.until(() => t.fake.botMessages(ANN).some((s) => s.message.text === "Only an admin can do this."));
    // A client's command is a message to the team: relayed, never run.
    const carol = t.fake.user(500, "Carol");
    t.fake.send(carol, { text: "/backup" });
    await t.fake.until(() => t.fake.botMessages(ADA).some((s) => s.message.text === "/backup"));
    expect(existsSync(`${backupsDir.path}/b`) ? readdirSync(`${backupsDir.path}/b`) : []).toEqual([]);
  });

  it("is listed in the admins' /help, not the operators'", async () => {
    t.fake.send(chatOf(ADA), { text: "/help" });
    t.fake.send(chatOf(ANN), { text: "/help" });
    const help = (id: number) => t.fake.until(() => t.fake.botMessages(id).find((s) => s.message.text?.includes("/help")));
    expect((await help(ADA)).message.text).toContain("/backup");
    expect((await help(ANN)).message.text).not.toContain("/backup");
  });
});

describe("restoring a backup", () => {
  it("stop, replace the file, start: the console is back with the data the backup held", async () => {
    const fake = await new FakeTelegram().start();
    cleanup.push(() => fake.stop());
    const dir = scratch();
    const path = `${dir}/data/console.sqlite`;
    const ada = fake.user(100, "Ada");
    const env = { BOT_TOKEN: TOKEN, BOT_API_ROOT: fake.apiRoot, DATABASE_PATH: path, ADMIN_IDS: "100", LOG_LEVEL: "warn" };
    let bot = runMain(env);
    cleanup.push(() => bot.cleanup());
    // A new install takes its first scheduled copy at start-up, next to the database by default.
    await fake.until(
      () => existsSync(`${dir}/data/backups`) && readdirSync(`${dir}/data/backups`).some((f) => f.endsWith(".sqlite")),
      20_000,
    );
    const carol = fake.user(500, "Carol");
    fake.send(carol, { text: "before the backup" });
    await fake.until(() => fake.botMessages(100).some((s) => s.message.text === "before the backup"), 20_000);
    fake.send(ada, { text: "/backup" });
    const answer = await fake.until(() => fake.botMessages(100).find((s) => s.message.text?.startsWith("Backup written")), 20_000);
    const backupPath = /^Backup written: (\S+) /.exec(answer.message.text!)![1]!;
    fake.send(carol, { text: "after the backup" });
    await fake.until(() => fake.botMessages(100).some((s) => s.message.text === "after the backup"), 20_000);
    bot.child.kill("SIGTERM");
    expect(await bot.exited).toBe(0);

    // The restore as documented: stopped, the WAL files removed, the copy put in place.
    rmSync(`${path}-wal`, { force: true });
    rmSync(`${path}-shm`, { force: true });
    copyFileSync(backupPath, path);
    bot = runMain(env);
    cleanup.push(() => bot.cleanup());
    await fake.until(() => fake.callsOf("getUpdates").length > 2, 20_000);
    fake.send(carol, { text: "after the restore" });
    await fake.until(() => fake.botMessages(100).some((s) => s.message.text === "after the restore"), 20_000);
    bot.child.kill("SIGTERM");
    expect(await bot.exited).toBe(0);
    const restored = new Database(path, { readonly: true });
    const texts = restored.prepare("select text from messages where direction = 'in' order by id").pluck().all();
    restored.close();
    expect(texts).toEqual(["before the backup", "after the restore"]);
  }, 120_000);
});

describe("backup settings", () => {
  it("defaults to a daily backup kept 7 times next to the database, and names a bad value", async () => {
    const { loadConfig, ConfigError } = await import("../src/config.js");
    const base = { BOT_TOKEN: TOKEN, DATABASE_PATH: "/srv/console/console.sqlite" };
    expect(loadConfig(base)).toMatchObject({ BACKUP_DIR: "/srv/console/backups", BACKUP_EVERY: 86_400_000, BACKUP_KEEP: 7 });
    expect(loadConfig({ ...base, BACKUP_EVERY: "30m", BACKUP_KEEP: "2", BACKUP_DIR: "/b" })).toMatchObject({
      BACKUP_DIR: "/b",
      BACKUP_EVERY: 1_800_000,
      BACKUP_KEEP: 2,
    });
    expect(loadConfig({ ...base, BACKUP_EVERY: "off" }).BACKUP_EVERY).toBeNull();
    expect(() => loadConfig({ ...base, BACKUP_EVERY: "daily" })).toThrow(
      new ConfigError("BACKUP_EVERY must be a period such as 24h, 6h, 30m or 1d, or off to take no scheduled backups"),
    );
    expect(() => loadConfig({ ...base, BACKUP_KEEP: "0" })).toThrow(/BACKUP_KEEP must be at least 1/);
  });
});
