/**
 * Business hours as plain data and the time arithmetic over them, in the team's IANA time zone through Node's
 * Intl (no time-zone library: Node ships the zone database and follows its updates). No database here.
 */

/** One weekly opening: a weekday (0 Sunday ... 6 Saturday) from `start` to `end`, minutes after local midnight. */
export interface Opening {
  day: number;
  start: number;
  end: number;
}

export interface BusinessHours {
  zone: string;
  openings: Opening[];
  /** Local dates the team is closed all day, "2026-12-25". */
  daysOff: string[];
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** How far ahead an opening is looked for; a schedule with none that far is treated as never opening. */
const HORIZON_DAYS = 400;

export const DAY_NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock time in `zone` at instant `ms`, as if that wall time were UTC (so plain arithmetic works on it). */
function wallTime(ms: number, zone: string): number {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(zone, f);
  }
  const p = Object.fromEntries(f.formatToParts(ms).map((x) => [x.type, x.value]));
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return wall + (((ms % 1000) + 1000) % 1000);
}

/** The instant a wall-clock time in `zone` happens (in a gap of a DST change: just after it). */
function instantOf(wall: number, zone: string): number {
  const guess = wall - (wallTime(wall, zone) - wall);
  return wall - (wallTime(guess, zone) - guess);
}

const dateKey = (localMidnight: number) => new Date(localMidnight).toISOString().slice(0, 10);

/** The opening intervals (instants) of each local day from the one containing `from` until `to` has passed. */
function* intervals(h: BusinessHours, from: number, to: number): Generator<[number, number]> {
  const off = new Set(h.daysOff);
  const first = Math.floor(wallTime(from, h.zone) / DAY) * DAY;
  for (let day = first; ; day += DAY) {
    const dayStart = instantOf(day, h.zone);
    if (dayStart > to || day - first > HORIZON_DAYS * DAY) return;
    if (off.has(dateKey(day))) continue;
    const weekday = new Date(day).getUTCDay();
    const todays = h.openings.filter((o) => o.day === weekday).sort((a, b) => a.start - b.start);
    for (const o of todays) yield [instantOf(day + o.start * MINUTE, h.zone), instantOf(day + o.end * MINUTE, h.zone)];
  }
}

export function isOpen(h: BusinessHours, at: number): boolean {
  for (const [start, end] of intervals(h, at, at)) if (start <= at && at < end) return true;
  return false;
}

/** Time inside business hours between two instants. */
export function businessMsBetween(h: BusinessHours, from: number, to: number): number {
  let total = 0;
  if (to <= from) return 0;
  for (const [start, end] of intervals(h, from, to)) total += Math.max(0, Math.min(end, to) - Math.max(start, from));
  return total;
}

/** When the team next opens after `at` (the end of the off-hours period `at` is in), or undefined if never. */
export function nextOpening(h: BusinessHours, at: number): number | undefined {
  for (const [start] of intervals(h, at, at + HORIZON_DAYS * DAY)) if (start > at) return start;
  return undefined;
}

const TIME = /^([01]?\d|2[0-3]):([0-5]\d)$|^24:00$/;
const minutesOf = (s: string) => (s === "24:00" ? 24 * 60 : Number(s.split(":")[0]) * 60 + Number(s.split(":")[1]));

function daysOf(spec: string): number[] | undefined {
  const days = new Set<number>();
  for (const part of spec.toLowerCase().split(",")) {
    const [a, b] = part.split("-");
    const from = DAY_NAMES.indexOf(a?.slice(0, 3) as (typeof DAY_NAMES)[number]);
    const to = b === undefined ? from : DAY_NAMES.indexOf(b.slice(0, 3) as (typeof DAY_NAMES)[number]);
    if (from < 0 || to < 0 || (a ?? "").length < 3 || (b !== undefined && b.length < 3)) return undefined;
    // "Fri-Mon" wraps over the weekend.
    for (let d = from; ; d = (d + 1) % 7) {
      days.add(d);
      if (d === to) break;
    }
  }
  return [...days];
}

export type HoursParse = { ok: true; zone: string; openings: Opening[] } | { ok: false; problem: "format" | "zone" | "range" };

/**
 * "Mon-Fri 09:00-18:00 Europe/Berlin", or several openings before the zone: "Mon-Fri 09:00-18:00 Sat 10:00-14:00
 * Europe/Berlin". An opening ends after it starts on the same day (a night shift is two openings).
 */
export function parseHours(words: string[]): HoursParse {
  const zone = words.at(-1);
  if (!zone || words.length < 3 || (words.length - 1) % 2 !== 0) return { ok: false, problem: "format" };
  if (!isTimeZone(zone)) return { ok: false, problem: "zone" };
  const openings: Opening[] = [];
  for (let i = 0; i < words.length - 1; i += 2) {
    const days = daysOf(words[i]!);
    const [start, end] = words[i + 1]!.split("-");
    if (!days || !start || !end || !TIME.test(start) || !TIME.test(end)) return { ok: false, problem: "format" };
    if (minutesOf(end) <= minutesOf(start)) return { ok: false, problem: "range" };
    for (const day of days) openings.push({ day, start: minutesOf(start), end: minutesOf(end) });
  }
  return { ok: true, zone, openings };
}

/** A calendar date as admins type it, "2026-12-25", checked to exist. */
export function parseDate(s: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return undefined;
  const d = new Date(`${s}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s ? undefined : s;
}
