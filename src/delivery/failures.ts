import { GrammyError } from "grammy";
import type { Db } from "../db/client.js";
import { isStorageError } from "../db/storage-errors.js";
import type { Clock } from "../db/store.js";
import type { Logger } from "../logger.js";
import { failRow, handleUnreachable } from "../rules/delivery-failures.js";
import { type OutboxRow, reschedule } from "../rules/outbox.js";
import { forgetTopic, topicOf } from "../rules/topics.js";
import type { Pacer } from "./pacer.js";
import { describe, failureOf } from "./telegram-errors.js";
import { THREAD_NOT_FOUND } from "./topics.js";

export interface FailureContext {
  db: Db;
  clock: Clock;
  log: Logger;
  pacer: Pacer;
  maxAttempts: number;
  maxBackoffMs: number;
}

/**
 * What a failed send means for its row: wait out a 429, mark the person unreachable on 403, open the chat's
 * topic anew when Telegram no longer finds it, fail other 400s with the reason, retry the rest with backoff.
 */
export function handleFailure(o: FailureContext, row: OutboxRow, err: unknown): void {
  const { db, clock, log } = o;
  // Reading the row's context failed, not Telegram: no attempt is spent; the caller pauses.
  if (isStorageError(err)) throw err;
  const now = clock();
  if (err instanceof GrammyError && err.error_code === 429) {
    const retryAfterMs = (err.parameters.retry_after ?? 1) * 1000;
    o.pacer.pause(row.destinationChatId, now + retryAfterMs);
    reschedule(db, row.id, now + retryAfterMs, err.description, false);
    log.warn({ chat: row.destinationChatId, retryAfter: err.parameters.retry_after }, "Telegram asked to slow down");
    return;
  }
  if (err instanceof GrammyError && err.error_code === 403) {
    handleUnreachable(db, row, failureOf(err), clock);
    return;
  }
  if (err instanceof GrammyError && err.error_code === 400 && THREAD_NOT_FOUND.test(err.description) && row.chatId !== null) {
    // The operator deleted the chat's topic: the next attempt opens a new one and delivers there, once.
    const topic = topicOf(db, row.destinationChatId, row.chatId);
    if (topic) forgetTopic(db, row.destinationChatId, row.chatId, topic.threadId);
    reschedule(db, row.id, now, err.description, true);
    log.warn({ row: row.id, operator: row.destinationChatId, chat: row.chatId }, "the chat's topic is gone; opening a new one");
    return;
  }
  if (err instanceof GrammyError && err.error_code < 500) {
    failRow(db, row, failureOf(err), clock);
    log.warn({ row: row.id, kind: row.kind, error: err.description }, "delivery refused by Telegram");
    return;
  }
  // 5xx, network trouble, or a fault of ours: retry with growing pauses, then give up with the reason.
  const attempts = row.attempts + 1;
  if (attempts >= o.maxAttempts) {
    failRow(db, row, { reason: "unreachable", attempts, description: describe(err) }, clock);
    log.error({ row: row.id, err: describe(err) }, "delivery gave up");
    return;
  }
  const backoff = Math.min(o.maxBackoffMs, 500 * 2 ** attempts) * (0.75 + Math.random() * 0.5);
  reschedule(db, row.id, now + backoff, describe(err), true);
}
