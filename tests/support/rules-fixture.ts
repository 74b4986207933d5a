import { type Db, openDatabase } from "../../src/db/client.js";
import { operators, outbox } from "../../src/db/schema.js";
import { recordLocation } from "../../src/rules/chats.js";
import { recordClientMessage } from "../../src/rules/relay.js";
import type { OutboxRow } from "../../src/rules/outbox.js";
import { createConsoleI18n } from "../../src/bot/create-bot.js";
import { renderEvent } from "../../src/views/events.js";
import { translator } from "../../src/views/i18n.js";
import { wordsIn } from "../../src/views/words.js";
import { tempDir } from "./console.js";

const english = wordsIn(translator(createConsoleI18n("en"), "en"), "en");

/** A real database file with the real migrations, and a clock the test moves. */
export function rulesFixture() {
  const dir = tempDir();
  const db: Db = openDatabase(`${dir.path}/rules.sqlite`);
  let now = new Date("2026-11-26T10:00:00").getTime();
  const clock = () => now;
  let nextMessageId = 1;
  return {
    db,
    clock,
    advance(ms: number) {
      now += ms;
    },
    set(at: number) {
      now = at;
    },
    close() {
      db.$client.close();
      dir.remove();
    },
    operator(id: number, name: string, extra: Partial<typeof operators.$inferInsert> = {}) {
      db.insert(operators)
        .values({ id, name, createdAt: now, ...extra })
        .run();
      return id;
    },
    online(id: number) {
      db.$client.prepare("update operators set availability = 'online', last_seen_online_at = ? where id = ?").run(now, id);
    },
    /** A client (or, with `group`, a member of a group chat) writes; returns the chat. */
    clientWrites(telegramChatId: number, text = "hello", group = false) {
      const outcome = recordClientMessage(
        db,
        {
          telegramChatId,
          chatKind: group ? "group" : "private",
          chatTitle: group ? `Group ${telegramChatId}` : `Client ${telegramChatId}`,
          senderUserId: Math.abs(telegramChatId),
          senderName: `Client ${telegramChatId}`,
          telegramMessageId: nextMessageId++,
          kind: "text",
          text,
          copyable: true,
        },
        clock,
      );
      if (outcome.status !== "stored") throw new Error("expected a stored message");
      return outcome.chat;
    },
    /** Pretends the operator received a card for the chat, so they can reply to it. */
    cardFor(operatorId: number, chatId: number): number {
      const id = 10_000 + nextMessageId++;
      recordLocation(db, { telegramChatId: operatorId, telegramMessageId: id }, chatId, null, "card");
      return id;
    },
    nextTelegramId: () => 20_000 + nextMessageId++,
    outbox(): OutboxRow[] {
      return db.select().from(outbox).all() as OutboxRow[];
    },
    /** The notices queued for an operator, in English words as delivery would send them. */
    noticesTo(operatorId: number): string[] {
      return (db.select().from(outbox).all() as OutboxRow[])
        .filter((r) => r.destinationChatId === operatorId && r.payload.type === "notice")
        .map((r) => {
          const p = r.payload as Extract<OutboxRow["payload"], { type: "notice" }>;
          return p.event ? renderEvent(p.event, english) : (p.text ?? "");
        });
    },
    assignments() {
      return db.$client
        .prepare(
          "select chat_id chatId, from_operator_id fromId, to_operator_id toId, by_operator_id byId, how, group_id groupId from assignments order by id",
        )
        .all() as Array<{
        chatId: number;
        fromId: number | null;
        toId: number | null;
        byId: number | null;
        how: string;
        groupId: number | null;
      }>;
    },
  };
}

export type RulesFixture = ReturnType<typeof rulesFixture>;
