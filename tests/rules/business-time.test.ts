import { describe, expect, it } from "vitest";
import { type BusinessHours, businessMsBetween, isOpen, nextOpening, parseHours } from "../../src/rules/business-time.js";

const MIN = 60_000;
const HOUR = 60 * MIN;
const at = (iso: string) => Date.parse(iso);

function berlin(daysOff: string[] = []): BusinessHours {
  const parsed = parseHours(["Mon-Fri", "09:00-18:00", "Europe/Berlin"]);
  if (!parsed.ok) throw new Error("test hours do not parse");
  return { zone: parsed.zone, openings: parsed.openings, daysOff };
}

describe("business time", () => {
  it("parses days, ranges and zones, and refuses what it cannot mean", () => {
    const week = parseHours(["Mon-Fri", "09:00-18:00", "Sat", "10:00-14:00", "UTC"]);
    expect(week.ok && week.openings.map((o) => o.day).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(parseHours(["Fri-Mon", "00:00-24:00", "UTC"])).toMatchObject({
      ok: true,
      openings: [{ day: 5 }, { day: 6 }, { day: 0 }, { day: 1 }],
    });
    expect(parseHours(["Mon-Fri", "09:00-18:00", "Nowhere/City"])).toEqual({ ok: false, problem: "zone" });
    expect(parseHours(["Mon-Fri", "18:00-09:00", "UTC"])).toEqual({ ok: false, problem: "range" });
    expect(parseHours(["Mo-Fr", "9-18", "UTC"])).toEqual({ ok: false, problem: "format" });
    expect(parseHours(["UTC"])).toEqual({ ok: false, problem: "format" });
  });

  it("knows open and closed in the team's zone, across a change to summer time", () => {
    const h = berlin();
    // Winter: Berlin is UTC+1. Monday 2026-11-30.
    expect(isOpen(h, at("2026-11-30T07:59:00Z"))).toBe(false);
    expect(isOpen(h, at("2026-11-30T08:00:00Z"))).toBe(true);
    expect(isOpen(h, at("2026-11-30T16:59:00Z"))).toBe(true);
    expect(isOpen(h, at("2026-11-30T17:00:00Z"))).toBe(false);
    expect(isOpen(h, at("2026-11-28T12:00:00Z"))).toBe(false);
    // Summer (after 2026-03-29): UTC+2, so 09:00 is 07:00Z.
    expect(isOpen(h, at("2026-03-30T07:00:00Z"))).toBe(true);
    expect(isOpen(h, at("2026-03-30T06:59:00Z"))).toBe(false);
  });

  it("counts business time only, skipping nights, weekends and days off", () => {
    const h = berlin();
    // Friday 17:00 to Monday 10:00 Berlin: one hour on Friday, one on Monday.
    expect(businessMsBetween(h, at("2026-11-27T16:00:00Z"), at("2026-11-30T09:00:00Z"))).toBe(2 * HOUR);
    expect(businessMsBetween(h, at("2026-11-28T00:00:00Z"), at("2026-11-29T23:00:00Z"))).toBe(0);
    // A whole week is five nine-hour days; with Christmas off, four.
    expect(businessMsBetween(h, at("2026-12-21T00:00:00Z"), at("2026-12-28T00:00:00Z"))).toBe(45 * HOUR);
    expect(businessMsBetween(berlin(["2026-12-25"]), at("2026-12-21T00:00:00Z"), at("2026-12-28T00:00:00Z"))).toBe(36 * HOUR);
  });

  it("finds the next opening: the end of the off-hours period", () => {
    expect(nextOpening(berlin(), at("2026-11-28T12:00:00Z"))).toBe(at("2026-11-30T08:00:00Z"));
    expect(nextOpening(berlin(["2026-11-30"]), at("2026-11-28T12:00:00Z"))).toBe(at("2026-12-01T08:00:00Z"));
    expect(nextOpening(berlin(), at("2026-11-30T18:00:00Z"))).toBe(at("2026-12-01T08:00:00Z"));
  });
});
