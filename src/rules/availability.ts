import { and, eq } from "drizzle-orm";
import { operators } from "../db/schema.js";
import type { Clock, Store } from "../db/store.js";
import type { Operator } from "./people.js";

/** Midnight of the day `now` falls in, in the server's time zone (set TZ to the team's). */
export function startOfDay(now: number): number {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** Available means: active, switched to online, and seen online today (yesterday's "online" has gone stale). */
export function isAvailable(op: Operator, now: number): boolean {
  return op.active && op.availability === "online" && op.lastSeenOnlineAt !== null && op.lastSeenOnlineAt >= startOfDay(now);
}

/** Any action by an operator who is online keeps them "online today". */
export function noteActivity(db: Store, operatorId: number, clock: Clock): void {
  db.update(operators)
    .set({ lastSeenOnlineAt: clock() })
    .where(and(eq(operators.id, operatorId), eq(operators.availability, "online")))
    .run();
}
