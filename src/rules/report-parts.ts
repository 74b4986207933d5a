import { statement } from "../db/prepared.js";
import { DAY_MS, HOUR_MS } from "../db/schema.js";
import type { Store } from "../db/store.js";

/** Which roll-up a stretch of a period comes from: keys are UTC days or hours (`floor(ms / unit)`), [from, to). */
export interface RolledUpStretch {
  table: "report_days" | "report_hours";
  from: number;
  to: number;
}

/** How a report period [from, to) is read: whole days and whole hours from the roll-ups, the rest from raw rows. */
export interface PeriodParts {
  rolledUp: RolledUpStretch[];
  /** Millisecond ranges [from, to) before the first and after the last whole hour. */
  raw: Array<[number, number]>;
}

/** The whole `unit`s inside [from, to), and what lies before and after them. */
function whole(
  from: number,
  to: number,
  unit: number,
): { keys: [number, number] | null; before: [number, number]; after: [number, number] } {
  const first = Math.ceil(from / unit);
  const last = Math.floor(to / unit);
  if (first >= last) return { keys: null, before: [from, to], after: [to, to] };
  return { keys: [first, last], before: [from, first * unit], after: [last * unit, to] };
}

/**
 * Whole UTC days from `report_days`; the partial days at either end by whole UTC hours from `report_hours`; the
 * minutes left at either end from the raw rows (an hour's worth at most, each end). A UTC day is whole hours, so
 * the parts meet exactly and together are [from, to).
 */
export function periodParts(from: number, to: number): PeriodParts {
  const parts: PeriodParts = { rolledUp: [], raw: [] };
  const byHours = ([a, b]: [number, number]) => {
    if (a >= b) return;
    const hours = whole(a, b, HOUR_MS);
    if (hours.keys) parts.rolledUp.push({ table: "report_hours", from: hours.keys[0], to: hours.keys[1] });
    for (const [x, y] of [hours.before, hours.after]) if (x < y) parts.raw.push([x, y]);
  };
  const days = whole(from, to, DAY_MS);
  if (days.keys) parts.rolledUp.push({ table: "report_days", from: days.keys[0], to: days.keys[1] });
  byHours(days.before);
  byHours(days.after);
  return parts;
}

/** The key column of a roll-up table. */
export const keyOf = (table: RolledUpStretch["table"]) => (table === "report_days" ? "day" : "hour");

/**
 * Whether anything the roll-ups count was stored in [from, to): an answer, a closing, an assignment to someone.
 * Three index descents to the right place, where reading that stretch's rows would read them all.
 */
function storedIn(db: Store, from: number, to: number): boolean {
  return (
    statement(
      db,
      `SELECT EXISTS (SELECT 1 FROM messages WHERE author_operator_id IS NOT NULL AND created_at >= @from AND created_at < @to)
       OR EXISTS (SELECT 1 FROM closures WHERE closed_at >= @from AND closed_at < @to)
       OR EXISTS (SELECT 1 FROM assignments WHERE to_operator_id IS NOT NULL AND at >= @from AND at < @to)`,
    )
      .pluck()
      .get({ from, to }) === 1
  );
}

/**
 * A raw stretch [from, to) read from its hour's roll-up row when that is exact: the stretch starts on the hour and
 * nothing was stored between its end and the hour's end, as for a period ending now (the rest of the hour has not
 * happened). `rolledUp` reads first and the check follows, so a row stored in between sends the stretch to `raw`.
 */
export function rawOrHour<T>(db: Store, [from, to]: [number, number], rolledUp: (stretch: RolledUpStretch) => T, raw: () => T): T {
  if (from % HOUR_MS !== 0) return raw();
  const hour = from / HOUR_MS;
  const figures = rolledUp({ table: "report_hours", from: hour, to: hour + 1 });
  return storedIn(db, to, (hour + 1) * HOUR_MS) ? raw() : figures;
}
