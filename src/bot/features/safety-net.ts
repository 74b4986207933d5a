import { type BotError, Composer, type NextFunction } from "grammy";
import type { Update } from "grammy/types";
import { isStorageError } from "../../db/storage-errors.js";
import { dueFailedUpdates, forgetFailedUpdate, keepFailedUpdate, recordFailedAttempt } from "../../rules/failed-updates.js";
import type { BotContext, BotDeps } from "../context.js";
import { SentCalls } from "../sent-calls.js";

/** Updates being handled again, each with what its earlier attempts got through to Telegram. */
const retrying = new WeakMap<Update, SentCalls>();
/** Errors a feature's boundary already logged with their stack, so the safety net does not log them twice. */
const logged = new WeakSet<object>();

/**
 * The error handler of `bot.errorBoundary` around one feature: logs the failure with the update's logger and the
 * feature's name, then throws the original error on. It must not swallow it: the safety net above has to see it
 * to keep the update for retry, and a storage error has to reach polling or the webhook so the update stays
 * unconfirmed (a boundary that returned would make grammY treat the update as handled and Telegram forget it).
 */
export function featureFailed(feature: string) {
  return (err: BotError<BotContext>, _next: NextFunction): never => {
    const { error, ctx } = err;
    const log = ctx.log ?? ctx.deps?.log;
    if (isStorageError(error)) {
      // Polling and the outage notice report these; one short line per feature is enough here.
      log?.warn({ feature, code: (error as { code?: unknown }).code }, "feature could not use the database; update left unconfirmed");
    } else {
      log?.error({ err: error, feature }, "feature failed");
      if (typeof error === "object" && error !== null) logged.add(error);
    }
    throw error;
  };
}

/**
 * A handler that fails on a bug would fail the same way if the update were simply handed back, and would hold
 * up every update behind it; instead the update is kept and handled again later. Its database writes are safe
 * to repeat (compare-and-set, unique keys), its Bot API calls are not: what Telegram accepted is recorded on the
 * update's own Api and kept with it, and a retry is answered from that record instead of sending it again (see
 * SentCalls). Calls made inside a conversation go through the plugin's own Api objects and are not recorded.
 * A failure of the database itself (full disk, I/O error, read-only) is different: keeping the update would
 * need the same database, and the cure is to wait. Such errors, and a failure to keep the update, go up to
 * the caller, which then must not confirm the update to Telegram (polling retries it, a webhook answers 5xx).
 */
export function safetyNet(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.use(async (ctx, next) => {
    const retry = retrying.get(ctx.update);
    const sent = retry ?? new SentCalls();
    ctx.api.config.use(sent.transformer);
    try {
      await next();
    } catch (err) {
      if (retry || isStorageError(err)) throw err;
      const log = ctx.log ?? deps.log;
      if (typeof err === "object" && err !== null && logged.has(err)) log.warn({ reason: String(err) }, "update kept for retry");
      else log.error({ err }, "update handling failed; kept for retry");
      keepFailedUpdate(deps.db, ctx.update, String(err), deps.clock, sent.record);
    }
  });
  return composer;
}

/** The database whose kept updates a round of retries is handling right now. */
const retryRounds = new WeakSet<object>();

/**
 * Handles kept updates whose time has come; returns how many were handled successfully. One round at a time: a
 * round slowed down by Telegram (a 429 waited out, a slow upload) is still running when the timer fires again,
 * and a second round would handle the same kept update beside it, sending what it sends twice. That call does
 * nothing; the update is handled by the round holding it.
 */
export async function retryFailedUpdates(deps: BotDeps, handle: (update: Update) => Promise<void>): Promise<number> {
  if (retryRounds.has(deps.db)) return 0;
  retryRounds.add(deps.db);
  try {
    return await retryRound(deps, handle);
  } finally {
    retryRounds.delete(deps.db);
  }
}

async function retryRound(deps: BotDeps, handle: (update: Update) => Promise<void>): Promise<number> {
  let handled = 0;
  for (const row of dueFailedUpdates(deps.db, deps.clock)) {
    const update = row.payload;
    const sent = new SentCalls(row.sentCalls);
    retrying.set(update, sent);
    try {
      await handle(update);
      forgetFailedUpdate(deps.db, row.id);
      handled++;
    } catch (err) {
      // The database failing is no fault of the update: leave it as it is and try the rest another time.
      if (isStorageError(err)) throw err;
      if (recordFailedAttempt(deps.db, row, String(err), deps.clock, sent.record) === "given_up") {
        // Kept in the table (with no next attempt) so an admin can see what was never handled.
        deps.log.error({ err, updateId: update.update_id }, "update failed for good");
      }
    }
  }
  return handled;
}
