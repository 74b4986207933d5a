import { Menu } from "@grammyjs/menu";
import { Composer } from "grammy";
import { getActiveOperator, setOwnLocale } from "../../rules/people.js";
import { type Locale, SUPPORTED_LOCALES } from "../../views/i18n.js";
import { languageMenuText } from "../../views/language.js";
import { syncOperatorCommands } from "../commands.js";
import type { BotContext } from "../context.js";
import { wordsOf } from "../words.js";
import { guardedMenu, operatorOnly, outdatedMenu } from "./guards.js";

const mark = (on: boolean, label: string) => (on ? `✅ ${label}` : label);

/** Stores the presser's own choice, then answers in it: the menu, its text and the command menus follow at once. */
async function choose(ctx: BotContext & { menu: { update(): void } }, locale: Locale | null): Promise<void> {
  // Whoever presses changes their own language only: a forwarded menu cannot touch its owner's.
  if (!ctx.from || !setOwnLocale(ctx.deps.db, ctx.from.id, locale)) {
    await ctx.answerCallbackQuery({ text: ctx.t("guard-not-operator"), show_alert: true });
    return;
  }
  ctx.operator = getActiveOperator(ctx.deps.db, ctx.from.id);
  await ctx.i18n.renegotiateLocale();
  await ctx.answerCallbackQuery({ text: ctx.t("language-chosen") });
  await ctx
    .editMessageText(languageMenuText(ctx.t.bind(ctx), ctx.operator!), { reply_markup: languageMenu })
    .catch(() => ctx.menu.update());
  if (ctx.operator) await syncOperatorCommands(ctx.api, wordsOf(ctx.deps), ctx.operator);
}

/** `/language`: English, Russian, or whatever the operator's Telegram app speaks. */
export const languageMenu = new Menu<BotContext>("language", { autoAnswer: false, onMenuOutdated: outdatedMenu("language-outdated") });
for (const locale of SUPPORTED_LOCALES) {
  // Each language is named in itself, so someone who cannot read the current one still finds theirs.
  languageMenu.text(
    (ctx) => mark(ctx.operator?.locale === locale, ctx.deps.i18n!.t(locale, "language-name")),
    (ctx) => choose(ctx, locale),
  );
}
languageMenu.row().text(
  (ctx) => mark(ctx.operator?.locale == null, ctx.t("language-as-app")),
  (ctx) => choose(ctx, null),
);

export const language = new Composer<BotContext>();
language.use(guardedMenu(operatorOnly, languageMenu));
language.chatType("private").command("language", operatorOnly, async (ctx) => {
  await ctx.reply(languageMenuText(ctx.t.bind(ctx), ctx.operator!), { reply_markup: languageMenu });
});
