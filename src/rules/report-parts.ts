import { DAY_MS, HOUR_MS } from "../db/schema.js";

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
