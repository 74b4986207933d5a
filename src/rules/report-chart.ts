import { statement } from "../db/prepared.js";
import type { Store } from "../db/store.js";
import { medianOfSorted } from "./reports.js";

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

/** The index of the day holding `at`: the last midnight at or before it (the first day for anything earlier). */
function dayIndex(bounds: readonly number[], at: number): number {
  let lo = 0;
  let hi = bounds.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (bounds[mid]! <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The period day by day, for the report's chart: chats that started, closings, and the median first response.
 * An operator's chart counts their own closings and answers; new chats are the team's, as the chat list shows
 * every chat to every operator. Counts of [from, to) only, even on the first day. A month is a few hundred
 * thousand rows on a busy desk, streamed as bare values (no row objects, no array of them all) from covering indexes.
 */
export function reportDays(db: Store, from: number, to: number, onlyOperatorId?: number): ReportDay[] {
  const bounds = midnights(from, to);
  const days: ReportDay[] = bounds.slice(0, -1).map((start) => ({ start, newChats: 0, closedChats: 0, firstResponseMedianMs: null }));
  const mine = (column: string) => (onlyOperatorId === undefined ? "" : ` AND ${column} = ?`);
  const params = onlyOperatorId === undefined ? [from, to] : [from, to, onlyOperatorId];
  const times = (source: string, withOperator: boolean) =>
    statement(db, source)
      .pluck()
      .iterate(...(withOperator ? params : [from, to])) as IterableIterator<number>;
  for (const at of times("SELECT created_at FROM chats WHERE created_at >= ? AND created_at < ?", false)) {
    days[dayIndex(bounds, at)]!.newChats++;
  }
  const closings = `SELECT closed_at FROM closures WHERE closed_at >= ? AND closed_at < ?${mine("coalesce(responsible_id, by_operator_id)")}`;
  for (const at of times(closings, true)) days[dayIndex(bounds, at)]!.closedChats++;
  const answers = statement(
    db,
    `SELECT created_at, first_response_ms FROM messages WHERE author_operator_id IS NOT NULL AND created_at >= ? AND created_at < ?
     AND first_response_ms IS NOT NULL${mine("author_operator_id")}`,
  )
    .raw()
    .iterate(...params) as IterableIterator<[number, number]>;
  const waits = days.map(() => [] as number[]);
  for (const [at, v] of answers) waits[dayIndex(bounds, at)]!.push(v);
  waits.forEach((values, i) => {
    days[i]!.firstResponseMedianMs = medianOfSorted(Float64Array.from(values).sort());
  });
  return days;
}
