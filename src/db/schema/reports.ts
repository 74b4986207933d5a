import { sql } from "drizzle-orm";
import { blob, integer, primaryKey, sqliteTable } from "drizzle-orm/sqlite-core";

/** Report days are UTC days: `floor(ms / DAY_MS)`. */
export const DAY_MS = 86_400_000;

/**
 * Per operator and UTC day, what reports add up: answers sent, the first-response time of each answer that had
 * one, the open-to-close time of each closing counted for them, the chats assigned to them and the reassignments
 * in and out. Kept by triggers on `messages`, `closures` and `assignments` (migrations `report_days_fill`,
 * `report_days_packed`), so every insert updates it in its own transaction, whichever code writes; those
 * migrations filled it from the rows already there. Samples and chats are kept whole, so medians, percentiles and
 * distinct counts come out exactly as from the raw rows, packed mostly 4 bytes each: as JSON a row took ~2.3 KB,
 * a page of its own, and the cold 30-day report read ~1,100 scattered pages for them on the large store. No
 * foreign key: the triggers may run while the checks are off.
 */
export const reportDays = sqliteTable(
  "report_days",
  {
    operatorId: integer("operator_id").notNull(),
    day: integer("day").notNull(),
    ...rolledUpFigures(),
  },
  (t) => [primaryKey({ columns: [t.day, t.operatorId] })],
);

/** The figures a roll-up row holds, by day here and by hour in `report_hours` (new column builders at each call). */
export function rolledUpFigures() {
  return {
    messagesSent: integer("messages_sent").notNull().default(0),
    /** first_response_ms of the period's answers that had one, packed (src/rules/packed-samples.ts). */
    firstResponses: blob("first_responses", { mode: "buffer" }).notNull().default(sql`x''`),
    /** closed_at - opened_at of the period's closings counted for the operator, packed. */
    closings: blob("closings", { mode: "buffer" }).notNull().default(sql`x''`),
    /** chat_id of each assignment to the operator in the period, packed as the samples (a chat may come twice). */
    assignedChats: blob("assigned_chats", { mode: "buffer" }).notNull().default(sql`x''`),
    /** Assignments to the operator in the period that took the chat from another operator. */
    reassignedIn: integer("reassigned_in").notNull().default(0),
    /** Assignments in the period that took a chat from the operator to another one. */
    reassignedOut: integer("reassigned_out").notNull().default(0),
  };
}
