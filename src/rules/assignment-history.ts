import { asc, eq } from "drizzle-orm";
import { assignments } from "../db/schema.js";
import type { Store } from "../db/store.js";

export type AssignmentRecord = typeof assignments.$inferSelect;

/** Every change of a chat's responsible, oldest first; records made in the same millisecond keep their order. */
export function assignmentHistory(db: Store, chatId: number): AssignmentRecord[] {
  return db.select().from(assignments).where(eq(assignments.chatId, chatId)).orderBy(asc(assignments.at), asc(assignments.id)).all();
}
