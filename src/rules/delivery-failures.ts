import { eq } from "drizzle-orm";
import { operators } from "../db/schema.js";
import type { Clock, Store } from "../db/store.js";
import { getChat, getChatByTelegramId } from "./chats.js";
import { notifyEvent } from "./notifications.js";
import { enqueue, failPendingTo, markFailed, type OutboxRow } from "./outbox.js";
import { markClientBlocked } from "./relay.js";

/**
 * A row that cannot be delivered is never dropped silently: an operator's reply is answered with the reason,
 * and a client message that could not be copied reaches its operators as a line saying what it was.
 */
export function failRow(db: Store, row: OutboxRow, reason: string, clock: Clock): void {
  db.transaction((tx) => {
    markFailed(tx, row.id, reason, clock);
    const p = row.payload;
    if (p.type === "copy" && p.failureNotice) {
      const chat = row.chatId ? getChat(tx, row.chatId) : undefined;
      enqueue(
        tx,
        {
          destinationChatId: p.failureNotice.operatorId,
          payload: {
            type: "notice",
            text: `⚠️ Not delivered to ${chat ? `#${chat.id} ${chat.title}` : "the client"}: ${reason}`,
            replyToMessageId: p.messageIds[0],
            silent: false,
          },
          chatId: row.chatId ?? undefined,
          urgent: true,
        },
        clock,
      );
    } else if (p.type === "copy" && row.chatId) {
      const chat = getChat(tx, row.chatId)!;
      enqueue(
        tx,
        {
          destinationChatId: row.destinationChatId,
          payload: { type: "notice", text: `📎 A message from ${chat.title} could not be shown here: ${reason}`, silent: p.silent },
          chatId: chat.id,
        },
        clock,
      );
    }
  });
}

/** Telegram answered 403: the person blocked the bot (or never started it). Stop trying and say so. */
export function handleUnreachable(db: Store, destinationChatId: number, reason: string, clock: Clock): void {
  db.transaction((tx) => {
    const operator = tx.select().from(operators).where(eq(operators.id, destinationChatId)).get();
    if (operator) {
      // An operator who blocked the bot gets nothing until they write to it again.
      tx.update(operators).set({ unreachable: true }).where(eq(operators.id, destinationChatId)).run();
      failPendingTo(tx, destinationChatId, reason, clock);
      return;
    }
    const chat = getChatByTelegramId(tx, destinationChatId);
    const failed = failPendingTo(tx, destinationChatId, reason, clock);
    if (!chat) return;
    // The authors of replies that now cannot go out hear it on their own messages; other followers get one line.
    const authors = new Set<number>();
    for (const row of failed) {
      if (row.payload.type !== "copy" || !row.payload.failureNotice) continue;
      const author = row.payload.failureNotice.operatorId;
      authors.add(author);
      notifyEvent(tx, [{ operatorId: author, silent: false }], chat, `⚠️ Not delivered to #${chat.id} ${chat.title}: ${reason}`, clock, row.payload.messageIds[0]);
    }
    markClientBlocked(tx, destinationChatId, clock, authors);
  });
}
