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
    messagesSent: integer("messages_sent").notNull().default(0),
    /** first_response_ms of that day's answers that had one, packed (src/rules/packed-samples.ts). */
    firstResponses: blob("first_responses", { mode: "buffer" }).notNull().default(sql`x''`),
    /** closed_at - opened_at of that day's closings counted for the operator, packed. */
    closings: blob("closings", { mode: "buffer" }).notNull().default(sql`x''`),
    /** chat_id of each assignment to the operator that day, packed as the samples (a chat may come twice). */
    assignedChats: blob("assigned_chats", { mode: "buffer" }).notNull().default(sql`x''`),
    /** Assignments to the operator that day that took the chat from another operator. */
    reassignedIn: integer("reassigned_in").notNull().default(0),
    /** Assignments that day that took a chat from the operator to another one. */
    reassignedOut: integer("reassigned_out").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.operatorId] })],
);
