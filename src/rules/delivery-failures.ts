import { eq } from "drizzle-orm";
import { operators } from "../db/schema.js";
import type { Clock, Store } from "../db/store.js";
import { getChat, getChatByTelegramId } from "./chats.js";
import { chatRef, describeFailure, type Failure } from "./events.js";
import { notifyEvent } from "./notifications.js";
import { enqueue, failPendingTo, markFailed, type OutboxRow } from "./outbox.js";
import { markClientBlocked } from "./relay.js";

/**
 * A row that cannot be delivered is never dropped silently: an operator's reply is answered with the reason,
 * and a client message that could not be copied reaches its operators as a line saying what it was.
 */
export function failRow(db: Store, row: OutboxRow, failure: Failure, clock: Clock): void {
  db.transaction((tx) => {
    markFailed(tx, row.id, describeFailure(failure), clock);
    const p = row.payload;
    if (p.type === "copy" && p.failureNotice) {
      const chat = row.chatId ? getChat(tx, row.chatId) : undefined;
      enqueue(
        tx,
        {
          destinationChatId: p.failureNotice.operatorId,
          payload: {
            type: "notice",
            event: { kind: "not_delivered", chat: chat ? chatRef(chat) : null, failure },
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
          payload: { type: "notice", event: { kind: "not_shown", chat: chatRef(chat), failure }, silent: p.silent },
          chatId: chat.id,
        },
        clock,
      );
    }
  });
}

/**
 * Telegram answered 403: the person blocked the bot (or never started it). Stop trying and say so. The row
 * says who it was meant for; rows queued before it did (`destination` read as "operator" by default) are
 * still told apart by looking the id up among the operators first.
 */
export function handleUnreachable(
  db: Store,
  row: Pick<OutboxRow, "destinationChatId" | "destination">,
  failure: Failure,
  clock: Clock,
): void {
  const destinationChatId = row.destinationChatId;
  const reason = describeFailure(failure);
  db.transaction((tx) => {
    const operator =
      row.destination === "operator" ? tx.select().from(operators).where(eq(operators.id, destinationChatId)).get() : undefined;
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
    for (const failedRow of failed) {
      if (failedRow.payload.type !== "copy" || !failedRow.payload.failureNotice) continue;
      const author = failedRow.payload.failureNotice.operatorId;
      authors.add(author);
      notifyEvent(
        tx,
        [{ operatorId: author, silent: false }],
        chat,
        { kind: "not_delivered", chat: chatRef(chat), failure },
        clock,
        failedRow.payload.messageIds[0],
      );
    }
    markClientBlocked(tx, destinationChatId, clock, authors);
  });
}
