import { Composer } from "grammy";
import { SUPPORTED_LOCALES } from "../../views/i18n.js";
import {
  clearHours,
  getBusinessHours,
  type HoursChange,
  offHoursText,
  setDayOff,
  setOffHoursText,
  setOpenings,
} from "../../rules/business-hours.js";
import { isOpen, parseDate, parseHours } from "../../rules/business-time.js";
import { TEXT_LIMIT } from "../../text-limits.js";
import { hoursText } from "../../views/hours.js";
import type { BotContext } from "../context.js";
import { adminOnly, refuseNotAdmin } from "./guards.js";

/**
 * `/hours` (admins): business hours and their time zone, days off, and the automatic answer outside them.
 *   /hours                                  shows them
 *   /hours Mon-Fri 09:00-18:00 Europe/Berlin   sets the week (several openings may precede the zone)
 *   /hours off 2026-12-25, /hours open 2026-12-25   adds or removes a day off
 *   /hours message ru Text...               the answer in one language (no text: the built-in one)
 *   /hours none                             no hours: always open
 */
export const hours = new Composer<BotContext>();

function show(ctx: BotContext): Promise<unknown> {
  const { db, clock } = ctx.deps;
  const h = getBusinessHours(db);
  const custom = SUPPORTED_LOCALES.filter((l) => offHoursText(db, l) !== undefined);
  return ctx.reply(hoursText((k, v) => ctx.t(k, v), h, h ? isOpen(h, clock()) : true, custom));
}

async function after(ctx: BotContext, change: HoursChange | { ok: true } | { ok: false; reason: "not_admin" }): Promise<unknown> {
  if (change.ok) return show(ctx);
  if (change.reason === "not_admin") return refuseNotAdmin(ctx);
  return ctx.reply(ctx.t("hours-need-hours"));
}

hours.chatType("private").command("hours", adminOnly, async (ctx) => {
  const raw = ctx.match.trim();
  const words = raw.split(/\s+/).filter((w) => w !== "");
  const actor = ctx.from.id;
  const { db } = ctx.deps;
  const first = words[0]?.toLowerCase();
  if (first === undefined) return show(ctx);
  if (first === "none" && words.length === 1) return after(ctx, clearHours(db, actor));
  if ((first === "off" || first === "open") && words.length === 2) {
    const date = parseDate(words[1]!);
    if (!date) return ctx.reply(ctx.t("hours-bad-date"));
    return after(ctx, setDayOff(db, actor, date, first === "off"));
  }
  if (first === "message") {
    const locale = words[1]?.toLowerCase();
    if (!SUPPORTED_LOCALES.includes(locale as (typeof SUPPORTED_LOCALES)[number])) {
      return ctx.reply(ctx.t("hours-bad-locale", { locales: SUPPORTED_LOCALES.join(", ") }));
    }
    // The text as typed, line breaks included: everything after "message <locale>".
    const text = raw.replace(/^\S+\s+\S+\s*/, "");
    if (text.length > TEXT_LIMIT) return ctx.reply(ctx.t("hours-message-too-long"));
    return after(ctx, setOffHoursText(db, actor, locale!, text === "" ? null : text));
  }
  const parsed = parseHours(words);
  if (!parsed.ok) return ctx.reply(ctx.t(`hours-bad-${parsed.problem}`, { zone: words.at(-1) ?? "" }));
  return after(ctx, setOpenings(db, actor, parsed.zone, parsed.openings));
});
