import { asc, eq, lte } from "drizzle-orm";
import { failedUpdates, type SentCall } from "../db/schema.js";
import type { Clock, Store } from "../db/store.js";

/** After this many failed attempts an update is given up on (and kept, so an admin can see it). */
export const MAX_ATTEMPTS = 5;
const FIRST_RETRY_MS = 5_000;
/** A given-up update never comes due again. */
const NEVER = Number.MAX_SAFE_INTEGER;

export type KeptUpdate = typeof failedUpdates.$inferSelect;
export type { SentCall };

/**
 * Keeps an update whose handling failed, to be handled again in a few seconds, with the Bot API calls Telegram
 * accepted before it failed (a retry answers those from the record instead of sending them again).
 */
export function keepFailedUpdate(db: Store, update: KeptUpdate["payload"], error: string, clock: Clock, sentCalls: SentCall[] = []): void {
  const now = clock();
  db.insert(failedUpdates)
    .values({ payload: update, error, sentCalls, nextAttemptAt: now + FIRST_RETRY_MS, createdAt: now })
    .run();
}

/** Kept updates whose next attempt is due, oldest first. */
export function dueFailedUpdates(db: Store, clock: Clock): KeptUpdate[] {
  return db.select().from(failedUpdates).where(lte(failedUpdates.nextAttemptAt, clock())).orderBy(asc(failedUpdates.id)).all();
}

/** The update was handled at last: nothing more to keep. */
export function forgetFailedUpdate(db: Store, id: number): void {
  db.delete(failedUpdates).where(eq(failedUpdates.id, id)).run();
}

/**
 * Another attempt failed: the next one waits twice as long, and after MAX_ATTEMPTS the update is given up
 * (kept with no next attempt). Says which, so the caller can log a give-up loudly. `sentCalls`, when given, is
 * everything the attempts so far got through to Telegram (the earlier record and what this attempt added).
 */
export function recordFailedAttempt(
  db: Store,
  row: Pick<KeptUpdate, "id" | "attempts">,
  error: string,
  clock: Clock,
  sentCalls?: SentCall[],
): "retry" | "given_up" {
  const attempts = row.attempts + 1;
  const givenUp = attempts >= MAX_ATTEMPTS;
  db.update(failedUpdates)
    .set({
      attempts,
      error,
      nextAttemptAt: givenUp ? NEVER : clock() + FIRST_RETRY_MS * 2 ** attempts,
      ...(sentCalls ? { sentCalls } : {}),
    })
    .where(eq(failedUpdates.id, row.id))
    .run();
  return givenUp ? "given_up" : "retry";
}
