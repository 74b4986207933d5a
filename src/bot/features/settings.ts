import { Menu } from "@grammyjs/menu";
import { Composer } from "grammy";
import {
  getNumberSetting,
  getSetting,
  type NumberSettingKey,
  type SettingKey,
  setNumberSetting,
  setSetting,
} from "../../rules/settings.js";
import type { BotContext } from "../context.js";
import { adminOnly, guardedMenu, outdatedMenu, refuseNotAdmin } from "./guards.js";

const LABELS: Record<SettingKey, string> = {
  resetOnClose: "settings-reset-on-close",
  signReplies: "settings-sign-replies",
  ratings: "settings-ratings",
};

const onOff = (ctx: BotContext, v: boolean) => ctx.t(v ? "settings-on" : "settings-off");

function toggle(key: SettingKey) {
  return {
    text: (ctx: BotContext) =>
      `${getSetting(ctx.deps.db, key) ? "✅" : "⬜"} ${ctx.t(LABELS[key])}: ${onOff(ctx, getSetting(ctx.deps.db, key))}`,
    handler: async (ctx: BotContext & { menu: { update(): void } }) => {
      // The rule checks the presser at press time: a menu drawn for an admin who was demoted since must not work.
      if (!setSetting(ctx.deps.db, ctx.from!.id, key, !getSetting(ctx.deps.db, key)).ok) return refuseNotAdmin(ctx);
      ctx.menu.update();
    },
  };
}

const reset = toggle("resetOnClose");
const sign = toggle("signReplies");
const rate = toggle("ratings");
const WATCHDOG_STEPS = [0, 1, 2, 5, 10, 15, 30, 60];
const watchdogLabel = (ctx: BotContext, minutes: number) =>
  minutes > 0 ? ctx.t("settings-minutes", { minutes: String(minutes) }) : ctx.t("settings-off");

const BACKLOG_STEPS = [0, 30, 60, 120, 300, 600];
const backlogLabel = (ctx: BotContext, count: number) =>
  count > 0 ? ctx.t("settings-messages", { count: String(count), n: count }) : ctx.t("settings-off");

/** A button that steps a number setting through `steps`, back to the first after the last. */
function stepper(key: NumberSettingKey, steps: readonly number[], button: string, label: (ctx: BotContext, v: number) => string) {
  return {
    text: (ctx: BotContext) => ctx.t(button, { value: label(ctx, getNumberSetting(ctx.deps.db, key)) }),
    handler: async (ctx: BotContext & { menu: { update(): void } }) => {
      const next = steps.find((v) => v > getNumberSetting(ctx.deps.db, key)) ?? steps[0]!;
      if (!setNumberSetting(ctx.deps.db, ctx.from!.id, key, next).ok) return refuseNotAdmin(ctx);
      ctx.menu.update();
    },
  };
}
const watchdog = stepper("watchdogMinutes", WATCHDOG_STEPS, "settings-watchdog-button", watchdogLabel);
const backlog = stepper("backlogAfter", BACKLOG_STEPS, "settings-backlog-button", backlogLabel);

/** The team settings menu; it redraws with the current values, and a stale one is redrawn before it acts. */
export const settingsMenu = new Menu<BotContext>("settings", { onMenuOutdated: outdatedMenu("settings-outdated") })
  .text(reset.text, reset.handler)
  .row()
  .text(sign.text, sign.handler)
  .row()
  .text(rate.text, rate.handler)
  .row()
  .text(watchdog.text, watchdog.handler)
  .row()
  .text(backlog.text, backlog.handler);

/** Installed in place of the bare menu: only admins may press (or forge) its buttons. */
export const settingsMenus = guardedMenu(adminOnly, settingsMenu);

/** `/settings`, `/reset_on_close on|off`, `/watchdog N|off` and `/backlog N|off` (admins only). */
export const settings = new Composer<BotContext>();
const admin = settings.chatType("private");

admin.command("settings", adminOnly, async (ctx) => {
  await ctx.reply(ctx.t("settings-text"), { reply_markup: settingsMenu });
});

admin.command("reset_on_close", adminOnly, async (ctx) => {
  const arg = ctx.match.trim().toLowerCase();
  if (arg !== "on" && arg !== "off") {
    await ctx.reply(ctx.t("settings-reset-usage", { value: onOff(ctx, getSetting(ctx.deps.db, "resetOnClose")) }));
    return;
  }
  if (!setSetting(ctx.deps.db, ctx.from.id, "resetOnClose", arg === "on").ok) return refuseNotAdmin(ctx);
  await ctx.reply(ctx.t("settings-reset-now", { value: onOff(ctx, arg === "on") }));
});

/**
 * `/<command> N|off` for a number setting: N within `min`..`max` (0 is off), else the usage with the value now.
 */
function numberCommand(
  command: string,
  key: NumberSettingKey,
  range: { min: number; max: number },
  label: (ctx: BotContext, v: number) => string,
  words: { usage: string; now: string },
): void {
  admin.command(command, adminOnly, async (ctx) => {
    const arg = ctx.match.trim().toLowerCase();
    const value = arg === "off" ? 0 : /^\d{1,6}$/.test(arg) ? Number(arg) : NaN;
    if (!Number.isFinite(value) || (value !== 0 && (value < range.min || value > range.max))) {
      await ctx.reply(ctx.t(words.usage, { value: label(ctx, getNumberSetting(ctx.deps.db, key)) }));
      return;
    }
    if (!setNumberSetting(ctx.deps.db, ctx.from.id, key, value).ok) return refuseNotAdmin(ctx);
    await ctx.reply(ctx.t(words.now, { value: label(ctx, value) }));
  });
}

numberCommand("watchdog", "watchdogMinutes", { min: 1, max: 1440 }, watchdogLabel, {
  usage: "settings-watchdog-usage",
  now: "settings-watchdog-now",
});
// Under ten, an operator would be folded by a handful of cards; over 10,000 is hours of sends, the cap's opposite.
numberCommand("backlog", "backlogAfter", { min: 10, max: 10_000 }, backlogLabel, {
  usage: "settings-backlog-usage",
  now: "settings-backlog-now",
});
