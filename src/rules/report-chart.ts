import { sql } from "drizzle-orm";
import type { Store } from "../db/store.js";
import { median } from "./reports.js";

/** One calendar day of the period (the server's time zone, as /report's "today"). */
export interface ReportDay {
  /** Midnight starting the day. */
  start: number;
  newChats: number;
  closedChats: number;
  /** Median first response of the answers given that day; null when nobody waited for one. */
  firstResponseMedianMs: number | null;
}

/** Midnights from the day containing `from` up to `to`, and the one after. */
function midnights(from: number, to: number): number[] {
  const d = new Date(from);
  d.setHours(0, 0, 0, 0);
  const days = [d.getTime()];
  while (days.at(-1)! < to) {
    d.setDate(d.getDate() + 1);
    days.push(d.getTime());
  }
  return days;
}

/**
 * The period day by day, for the report's chart: chats that started, closings, and the median first response.
 * An operator's chart counts their own closings and answers; new chats are the team's, as the chat list shows
 * every chat to every operator. Counts of [from, to) only, even on the first day.
 */
export function reportDays(db: Store, from: number, to: number, onlyOperatorId?: number): ReportDay[] {
  const bounds = midnights(from, to);
  const days: ReportDay[] = bounds.slice(0, -1).map((start) => ({ start, newChats: 0, closedChats: 0, firstResponseMedianMs: null }));
  const dayOf = (at: number) => {
    let i = days.length - 1;
    while (i > 0 && bounds[i]! > at) i--;
    return days[i]!;
  };
  const mine = (column: string) => (onlyOperatorId === undefined ? sql`` : sql` AND ${sql.raw(column)} = ${onlyOperatorId}`);
  for (const r of db.all<{ at: number }>(sql`SELECT created_at AS at FROM chats WHERE created_at >= ${from} AND created_at < ${to}`)) {
    dayOf(r.at).newChats++;
  }
  for (const r of db.all<{ at: number }>(
    sql`SELECT closed_at AS at FROM closures WHERE closed_at >= ${from} AND closed_at < ${to}${mine("coalesce(responsible_id, by_operator_id)")}`,
  )) {
    dayOf(r.at).closedChats++;
  }
  const waits = new Map<ReportDay, number[]>();
  for (const r of db.all<{ at: number; v: number }>(
    sql`SELECT created_at AS at, first_response_ms AS v FROM messages WHERE author_operator_id IS NOT NULL AND created_at >= ${from}
        AND created_at < ${to} AND first_response_ms IS NOT NULL${mine("author_operator_id")}`,
  )) {
    const day = dayOf(r.at);
    const list = waits.get(day);
    if (list) list.push(r.v);
    else waits.set(day, [r.v]);
  }
  for (const [day, values] of waits) day.firstResponseMedianMs = median(values);
  return days;
}
