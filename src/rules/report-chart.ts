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

/**
 * The period day by day, for the report's chart: chats that started, closings, and the median first response.
 * An operator's chart counts their own closings and answers; new chats are the team's, as the chat list shows
 * every chat to every operator. Counts of [from, to) only, even on the first day.
 *
 * Each day is a range search on a covering index, done in SQL with the days passed as one JSON array: a month is a
 * few hundred thousand rows on a busy desk, and handing each to JS (~2 µs a row in better-sqlite3) was most of the
 * chart's time, which the next command waited for. A day's median first response is its middle wait, or the two
 * middle waits of an even day averaged as the report's medians are, found by SQL's sort of that day alone.
 */
export function reportDays(db: Store, from: number, to: number, onlyOperatorId?: number): ReportDay[] {
  const bounds = midnights(from, to);
  const dayRanges = bounds.slice(0, -1).map((start, i) => [Math.max(start, from), Math.min(bounds[i + 1]!, to)] as const);
  const ranges = JSON.stringify(dayRanges);
  // Everyone's, or one operator's: @operator, null for everyone.
  const operator = onlyOperatorId ?? null;
  const perDay = (source: string, withOperator: boolean) =>
    new Map(
      statement(db, source)
        .raw()
        .all(withOperator ? { ranges, operator } : { ranges }) as Array<[number, number]>,
    );
  const newChats = perDay(
    "SELECT d.key, count(*) FROM json_each(@ranges) d JOIN chats c ON c.created_at >= d.value ->> 0 AND c.created_at < d.value ->> 1 GROUP BY d.key",
    false,
  );
  const closed = perDay(
    `SELECT d.key, count(*) FROM json_each(@ranges) d JOIN closures c ON c.closed_at >= d.value ->> 0 AND c.closed_at < d.value ->> 1
     AND (@operator IS NULL OR coalesce(c.responsible_id, c.by_operator_id) = @operator) GROUP BY d.key`,
    true,
  );
  const answered = perDay(
    `SELECT d.key, count(*) FROM json_each(@ranges) d JOIN messages m ON m.created_at >= d.value ->> 0 AND m.created_at < d.value ->> 1
     AND m.author_operator_id IS NOT NULL AND m.first_response_ms IS NOT NULL AND (@operator IS NULL OR m.author_operator_id = @operator)
     GROUP BY d.key`,
    true,
  );
  // The middle wait of a day, or its two middle waits, sorted in SQL: the day's rows never reach JS.
  const middle = statement(
    db,
    `SELECT first_response_ms FROM messages WHERE author_operator_id IS NOT NULL AND first_response_ms IS NOT NULL
     AND (@operator IS NULL OR author_operator_id = @operator) AND created_at >= @from AND created_at < @to ORDER BY first_response_ms LIMIT @take OFFSET @skip`,
  ).pluck();
  const medianOf = (day: number): number | null => {
    const n = answered.get(day) ?? 0;
    if (n === 0) return null;
    const [from, to] = dayRanges[day]!;
    return medianOfSorted(middle.all({ from, to, operator, take: 2 - (n % 2), skip: Math.floor((n - 1) / 2) }) as number[]);
  };
  return bounds.slice(0, -1).map((start, i) => ({
    start,
    newChats: newChats.get(i) ?? 0,
    closedChats: closed.get(i) ?? 0,
    firstResponseMedianMs: medianOf(i),
  }));
}
