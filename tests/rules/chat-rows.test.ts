import { eq } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { chats } from "../../src/db/schema.js";
import { getChat, getChatByTelegramId, insertClientChat } from "../../src/rules/chats.js";
import { tempDir } from "../support/console.js";

const dir = tempDir();
afterEach(() => dir.remove());

it("reads a chat exactly as drizzle maps its row, every column and both booleans either way", () => {
  const db = openDatabase(`${dir.path}/console.sqlite`);
  try {
    db.$client.exec(`
      INSERT INTO operators (id, name, created_at) VALUES (100, 'Ada', 1);
      INSERT INTO groups (id, name, algorithm, created_at) VALUES (7, 'Sales', 'random', 1);
      INSERT INTO chats (id, telegram_chat_id, kind, title, username, language_code, start_source, status, responsible_id,
        responsible_enabled, queued_group_id, client_blocked, version, created_at, last_activity_at, awaiting_reply_since,
        opened_at, watchdog_stage, closed_at)
      VALUES (1, 500, 'private', 'Carol', 'carol', 'ru', 'ad', 'closed', 100, 0, 7, 1, 3, 10, 20, 30, 40, 2, 50),
             (2, -600, 'group', 'Shop', NULL, NULL, NULL, 'open', NULL, 1, NULL, 0, 0, 11, 21, NULL, NULL, 0, NULL);
    `);
    for (const id of [1, 2]) {
      const viaDrizzle = db.select().from(chats).where(eq(chats.id, id)).get()!;
      expect(getChat(db, id)).toStrictEqual(viaDrizzle);
      expect(getChatByTelegramId(db, viaDrizzle.telegramChatId)).toStrictEqual(viaDrizzle);
    }
    expect(getChat(db, 3)).toBeUndefined();
    expect(getChatByTelegramId(db, 3)).toBeUndefined();

    const opened = insertClientChat(
      db,
      {
        telegramChatId: 700,
        kind: "private",
        title: "Dan",
        username: null,
        startSource: "site",
        languageCode: "en",
        businessAccountId: null,
      },
      60,
    );
    expect(opened).toStrictEqual(db.select().from(chats).where(eq(chats.id, opened.id)).get());
    expect(opened).toMatchObject({ id: 3, status: "open", responsibleEnabled: true, clientBlocked: false, version: 0, watchdogStage: 0 });
    expect(opened).toMatchObject({ createdAt: 60, openedAt: 60, lastActivityAt: 60, awaitingReplySince: 60, closedAt: null });
  } finally {
    db.$client.close();
  }
});
