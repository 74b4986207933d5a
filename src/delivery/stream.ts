import { type Api, GrammyError } from "grammy";
import type { Db } from "../db/client.js";
import { isStorageError } from "../db/storage-errors.js";
import type { Logger } from "../logger.js";
import { moveFeed } from "../rules/notifications.js";
import type { OutboxRow } from "../rules/outbox.js";
import type { Words } from "../views/words.js";
import { sendCard } from "./send.js";
import { describe } from "./telegram-errors.js";

/**
 * The stream: the operator last saw another chat, so its card goes first, as a send of its own; the row follows
 * at the chat's next send, since the chat keeps its turn. A card Telegram refuses must not hold up the message;
 * other failures are the row's (`failed`: retried or given up as any send).
 */
export async function introduceChat(
  api: Api,
  db: Db,
  row: OutboxRow,
  t: Words,
  log: Logger,
  failed: (err: unknown) => void,
): Promise<void> {
  const chatId = row.chatId!;
  try {
    const record = await sendCard(api, db, row.destinationChatId, chatId, true, t);
    db.transaction((tx) => record(tx));
  } catch (err) {
    if (isStorageError(err)) throw err;
    if (err instanceof GrammyError && err.error_code < 500 && err.error_code !== 429 && err.error_code !== 403) {
      moveFeed(db, row.destinationChatId, chatId);
      log.warn({ row: row.id, error: err.description }, "chat card refused by Telegram; sending without it");
      return;
    }
    failed(err);
    log.debug({ row: row.id, kind: "card", err: describe(err) }, "delivery attempt failed");
  }
}
