import { Composer } from "grammy";
import type { Update } from "grammy/types";
import { asc, eq, lte, sql } from "drizzle-orm";
import { failedUpdates } from "../../db/schema.js";
import { isStorageError } from "../../db/storage-errors.js";
import type { BotContext, BotDeps } from "../context.js";

const MAX_ATTEMPTS = 5;
const retrying = new WeakSet<Update>();

/**
 * A handler that fails on a bug would fail the same way if the update were simply handed back, and would hold
 * up every update behind it; instead the update is kept and handled again later (handlers are idempotent).
 * A failure of the database itself (full disk, I/O error, read-only) is different: keeping the update would
 * need the same database, and the cure is to wait. Such errors, and a failure to keep the update, go up to
 * the caller, which then must not confirm the update to Telegram (polling retries it, a webhook answers 5xx).
 */
export function safetyNet(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.use(async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      if (retrying.has(ctx.update) || isStorageError(err)) throw err;
      deps.log.error({ err, updateId: ctx.update.update_id }, "update handling failed; kept for retry");
      const now = deps.clock();
      deps.db.insert(failedUpdates).values({ payload: ctx.update, error: String(err), nextAttemptAt: now + 5_000, createdAt: now }).run();
    }
  });
  return composer;
}

/** Handles kept updates whose time has come; returns how many were handled successfully. */
export async function retryFailedUpdates(deps: BotDeps, handle: (update: Update) => Promise<void>): Promise<number> {
  const due = deps.db.select().from(failedUpdates).where(lte(failedUpdates.nextAttemptAt, deps.clock())).orderBy(asc(failedUpdates.id)).all();
  let handled = 0;
  for (const row of due) {
    const update = row.payload as Update;
    retrying.add(update);
    try {
      await handle(update);
      deps.db.delete(failedUpdates).where(eq(failedUpdates.id, row.id)).run();
      handled++;
    } catch (err) {
      // The database failing is no fault of the update: leave it as it is and try the rest another time.
      if (isStorageError(err)) throw err;
      const attempts = row.attempts + 1;
      if (attempts >= MAX_ATTEMPTS) {
        // Kept in the table (with no next attempt) so an admin can see what was never handled.
        deps.log.error({ err, updateId: update.update_id }, "update failed for good");
        deps.db.update(failedUpdates).set({ attempts, error: String(err), nextAttemptAt: Number.MAX_SAFE_INTEGER }).where(eq(failedUpdates.id, row.id)).run();
      } else {
        deps.db
          .update(failedUpdates)
          .set({ attempts: sql`${failedUpdates.attempts} + 1`, error: String(err), nextAttemptAt: deps.clock() + 5_000 * 2 ** attempts })
          .where(eq(failedUpdates.id, row.id))
          .run();
      }
    }
  }
  return handled;
}
