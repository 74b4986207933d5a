import type { BusinessHours } from "../rules/business-time.js";
import type { Words } from "./words.js";

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

/** A weekday's short name in the reader's language (0 Sunday), from Intl: 2023-01-01 was a Sunday. */
function dayName(t: Words, day: number): string {
  return new Intl.DateTimeFormat(t("hours-locale"), { weekday: "short", timeZone: "UTC" }).format(Date.UTC(2023, 0, 1 + day));
}

/** "Mon–Fri 09:00–18:00, Sat 10:00–14:00": weekdays with the same openings run together, Monday first. */
export function scheduleText(t: Words, h: BusinessHours): string {
  const week = [1, 2, 3, 4, 5, 6, 0].map((day) => ({
    day,
    ranges: h.openings
      .filter((o) => o.day === day)
      .sort((a, b) => a.start - b.start)
      .map((o) => `${hhmm(o.start)}–${hhmm(o.end)}`)
      .join(", "),
  }));
  const runs: Array<{ first: number; last: number; ranges: string }> = [];
  for (const d of week) {
    const run = runs.at(-1);
    if (run && run.ranges === d.ranges) run.last = d.day;
    else runs.push({ first: d.day, last: d.day, ranges: d.ranges });
  }
  return runs
    .filter((r) => r.ranges !== "")
    .map((r) => `${dayName(t, r.first)}${r.first === r.last ? "" : `–${dayName(t, r.last)}`} ${r.ranges}`)
    .join("; ");
}

/** What `/hours` shows: the hours, days off, whether the team is open now, and which answers are the team's own. */
export function hoursText(t: Words, h: BusinessHours | undefined, open: boolean, customLocales: string[]): string {
  const messages = customLocales.length ? t("hours-messages-custom", { locales: customLocales.join(", ") }) : t("hours-messages-builtin");
  if (!h) return `${t("hours-none")}\n${messages}\n\n${t("hours-usage")}`;
  const daysOff = h.daysOff.length ? h.daysOff.join(", ") : t("hours-days-off-none");
  return [
    t("hours-current", { zone: h.zone, schedule: scheduleText(t, h) }),
    t("hours-days-off", { days: daysOff }),
    t(open ? "hours-open-now" : "hours-closed-now"),
    messages,
    "",
    t("hours-usage"),
  ].join("\n");
}
