import { Menu } from "@grammyjs/menu";
import { Composer } from "grammy";
import { getSetting, type SettingKey, setSetting } from "../../rules/settings.js";
import type { BotContext } from "../context.js";
import { adminOnly } from "./guards.js";

const LABELS: Record<SettingKey, string> = {
  resetOnClose: "Reset responsible on close",
  signReplies: "Sign replies with the responsible's name",
};

const onOff = (v: boolean) => (v ? "on" : "off");

function toggle(key: SettingKey) {
  return {
    text: (ctx: BotContext) => `${getSetting(ctx.deps.db, key) ? "✅" : "⬜"} ${LABELS[key]}: ${onOff(getSetting(ctx.deps.db, key))}`,
    handler: async (ctx: BotContext & { menu: { update(): void } }) => {
      // Checked at press time: a menu drawn for an admin who was demoted since must not work.
      if (ctx.operator?.role !== "admin") {
        await ctx.answerCallbackQuery({ text: "Only an admin can change team settings.", show_alert: true });
        return;
      }
      setSetting(ctx.deps.db, key, !getSetting(ctx.deps.db, key));
      ctx.menu.update();
    },
  };
}

const reset = toggle("resetOnClose");
const sign = toggle("signReplies");

/** The team settings menu; it redraws with the current values, and a stale one is redrawn before it acts. */
export const settingsMenu = new Menu<BotContext>("settings", { onMenuOutdated: "Settings changed meanwhile; here they are now." })
  .text(reset.text, reset.handler)
  .row()
  .text(sign.text, sign.handler);

/** `/settings` and `/reset_on_close on|off` (admins only). */
export const settings = new Composer<BotContext>();
const admin = settings.chatType("private");

admin.command("settings", adminOnly, async (ctx) => {
  await ctx.reply(
    "Team settings. Reset on close: closing a chat also clears its responsible, so the client's next message arrives as a new, unassigned chat.",
    { reply_markup: settingsMenu },
  );
});

admin.command("reset_on_close", adminOnly, async (ctx) => {
  const arg = ctx.match.trim().toLowerCase();
  if (arg !== "on" && arg !== "off") {
    await ctx.reply(`Reset on close is ${onOff(getSetting(ctx.deps.db, "resetOnClose"))}. Use /reset_on_close on or /reset_on_close off.`);
    return;
  }
  setSetting(ctx.deps.db, "resetOnClose", arg === "on");
  await ctx.reply(`Reset on close is now ${arg}.`);
});
