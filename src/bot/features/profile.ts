import { Menu } from "@grammyjs/menu";
import { Composer } from "grammy";
import { getActiveOperator } from "../../rules/people.js";
import { type Channel, type Filter, setOwnProfile } from "../../rules/profile.js";
import { profileText } from "../../views/profile.js";
import type { BotContext } from "../context.js";
import { guardedMenu, operatorOnly, outdatedMenu } from "./guards.js";

const mark = (on: boolean, label: string) => (on ? `✅ ${label}` : label);
const me = (ctx: BotContext) => (ctx.from ? getActiveOperator(ctx.deps.db, ctx.from.id) : undefined);

function option(field: "notifyChannel" | "notifyFilter", value: Channel | Filter, label: string) {
  return [
    (ctx: BotContext) => mark(me(ctx)?.[field] === value, ctx.t(label)),
    async (ctx: BotContext & { menu: { update(): void } }) => {
      // Whoever presses changes their own profile only: a forwarded profile menu cannot touch its owner's.
      if (!me(ctx)) {
        await ctx.answerCallbackQuery({ text: ctx.t("guard-not-operator"), show_alert: true });
        return;
      }
      setOwnProfile(ctx.deps.db, ctx.from!.id, { [field]: value });
      ctx.menu.update();
    },
  ] as const;
}

/** `/profile`: how (sound, silent, off) and about which chats (all, new and mine, mine only) you are notified. */
export const profileMenu = new Menu<BotContext>("profile", { onMenuOutdated: outdatedMenu("profile-outdated") })
  .text(...option("notifyChannel", "sound", "profile-button-sound"))
  .text(...option("notifyChannel", "silent", "profile-button-silent"))
  .text(...option("notifyChannel", "off", "profile-button-off"))
  .row()
  .text(...option("notifyFilter", "all", "profile-button-all"))
  .text(...option("notifyFilter", "new_and_mine", "profile-button-new-and-mine"))
  .text(...option("notifyFilter", "mine", "profile-button-mine"));

export const profile = new Composer<BotContext>();
profile.use(guardedMenu(operatorOnly, profileMenu));
profile.chatType("private").command("profile", operatorOnly, async (ctx) => {
  await ctx.reply(
    profileText((k, v) => ctx.t(k, v), ctx.operator!),
    { reply_markup: profileMenu },
  );
});
