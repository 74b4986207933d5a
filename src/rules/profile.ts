import { and, eq } from "drizzle-orm";
import { operators } from "../db/schema.js";
import type { Store } from "../db/store.js";
import type { Operator } from "./people.js";

export type Channel = Operator["notifyChannel"];
export type Filter = Operator["notifyFilter"];

/** The notification settings in the order /profile offers them; views word them. */
export const CHANNELS: readonly Channel[] = ["sound", "silent", "off"];
export const FILTERS: readonly Filter[] = ["all", "new_and_mine", "mine"];

/** Each operator sets their own notifications; nobody else can, so this takes only the operator's own id. */
export function setOwnProfile(db: Store, operatorId: number, change: { notifyChannel?: Channel; notifyFilter?: Filter }): boolean {
  return (
    db
      .update(operators)
      .set(change)
      .where(and(eq(operators.id, operatorId), eq(operators.active, true)))
      .run().changes === 1
  );
}
