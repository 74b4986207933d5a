import { Menu } from "@grammyjs/menu";
import { Composer } from "grammy";
import { getActiveOperator } from "../../rules/people.js";
import { type Channel, CHANNELS, type Filter, FILTERS, setOwnProfile } from "../../rules/profile.js";
import type { BotContext } from "../context.js";
import { guardedMenu, operatorOnly } from "./guards.js";

const mark = (on: boolean, label: string) => (on ? `✅ ${label}` : label);
const me = (ctx: BotContext) => (ctx.from ? getActiveOperator(ctx.deps.db, ctx.from.id) : undefined);

function option(field: "notifyChannel" | "notifyFilter", value: Channel | Filter, label: string) {
  return [
    (ctx: BotContext) => mark(me(ctx)?.[field] === value, label),
    async (ctx: BotContext & { menu: { update(): void } }) => {
      // Whoever presses changes their own profile only: a forwarded profile menu cannot touch its owner's.
      if (!me(ctx)) {
        await ctx.answerCallbackQuery({ text: "This is for the team's operators only.", show_alert: true });
        return;
      }
      setOwnProfile(ctx.deps.db, ctx.from!.id, { [field]: value });
      ctx.menu.update();
    },
  ] as const;
}

/** `/profile`: how (sound, silent, off) and about which chats (all, new and mine, mine only) you are notified. */
export const profileMenu = new Menu<BotContext>("profile", { onMenuOutdated: "Your profile changed; here it is now." })
  .text(...option("notifyChannel", "sound", "🔔 Sound"))
  .text(...option("notifyChannel", "silent", "🔕 Silent"))
  .text(...option("notifyChannel", "off", "⛔ Off"))
  .row()
  .text(...option("notifyFilter", "all", "All chats"))
  .text(...option("notifyFilter", "new_and_mine", "New and mine"))
  .text(...option("notifyFilter", "mine", "Mine only"));

export const profile = new Composer<BotContext>();
profile.use(guardedMenu(operatorOnly, profileMenu));
profile.chatType("private").command("profile", operatorOnly, async (ctx) => {
  const op = ctx.operator!;
  await ctx.reply(
    [
      `Your notifications. Now: ${CHANNELS[op.notifyChannel]}, ${FILTERS[op.notifyFilter]}; you are ${op.availability}.`,
      "Top row: how messages reach you (Off: nothing is pushed, you work from the cards you have).",
      "Bottom row: which chats. New and mine = chats without a responsible plus yours. Chats assigned to you are always announced.",
    ].join("\n"),
    { reply_markup: profileMenu },
  );
});
