import type { Menu } from "@grammyjs/menu";
import { Composer, type NextFunction } from "grammy";
import type { BotContext } from "../context.js";

const NOT_OPERATOR = "guard-not-operator";
const NOT_ADMIN = "guard-not-admin";

/** Why a guard turned someone away, as the log says it. */
export type GuardRefusal = "not_operator" | "not_admin";

const KEYS: Record<GuardRefusal, string> = { not_operator: NOT_OPERATOR, not_admin: NOT_ADMIN };

/**
 * What the refused person tried, for the log: a button's data (made by the bot, or forged; ids and kinds, at
 * most 64 bytes) or a command's name. Never the rest of a message, which may be a client's words.
 */
export function attempted(ctx: BotContext): string {
  if (ctx.callbackQuery) return `button ${ctx.callbackQuery.data ?? "(game)"}`;
  const text = ctx.msg?.text;
  if (text?.startsWith("/")) return `command ${text.split(/[\s@]/, 1)[0]}`;
  return Object.keys(ctx.update).find((k) => k !== "update_id") ?? "update";
}

/** Refusals are logged at info: one person poking at what is not theirs is no fault, many may be worth a look. */
export function logRefusal(ctx: BotContext, reason: string): void {
  ctx.log.info({ person: ctx.from?.id, reason, attempted: attempted(ctx) }, "refused");
}

async function refuse(ctx: BotContext, reason: GuardRefusal): Promise<void> {
  logRefusal(ctx, reason);
  const text = ctx.t(KEYS[reason]);
  if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text, show_alert: true });
  else await ctx.reply(text);
}

/** Lets an active operator through; anyone else is told so and nothing happens. */
export async function operatorOnly(ctx: BotContext, next: NextFunction): Promise<void> {
  if (ctx.operator) return next();
  await refuse(ctx, "not_operator");
}

export async function adminOnly(ctx: BotContext, next: NextFunction): Promise<void> {
  if (ctx.operator?.role === "admin") return next();
  await refuse(ctx, ctx.operator ? "not_admin" : "not_operator");
}

/** An admin-only rule refused the acting person (demoted or deactivated since the menu was drawn). */
export async function refuseNotAdmin(ctx: BotContext): Promise<void> {
  await refuse(ctx, ctx.operator ? "not_admin" : "not_operator");
}

/** A rule refused someone who passed the operator guard (deactivated meanwhile). */
export async function refuseNotOperator(ctx: BotContext): Promise<void> {
  await refuse(ctx, "not_operator");
}

/**
 * A menu's "changed meanwhile" answer in the presser's language; the menu plugin takes a fixed string or a
 * handler, so the handler answers and redraws as the plugin does for a string.
 */
export function outdatedMenu(key: string) {
  return async (ctx: BotContext & { menu: { update(): void } }): Promise<void> => {
    logRefusal(ctx, "menu_outdated");
    await ctx.answerCallbackQuery({ text: ctx.t(key) });
    ctx.menu.update();
  };
}

/**
 * The menu plugin renders a menu for any press of data carrying its id (`menu/row/col/payload/hash`): a forged
 * or stale press gets the menu redrawn as "outdated", names and all, before any button handler runs. So the
 * role is checked on the id first, for the menu and every submenu registered with it, and only those who may
 * see the menu reach it.
 */
export function guardedMenu(guard: (ctx: BotContext, next: NextFunction) => Promise<void>, menu: Menu<BotContext>): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on("callback_query:data").filter((ctx) => isMenuData(menu, ctx.callbackQuery.data), guard);
  composer.use(menu);
  return composer;
}

function isMenuData(menu: Menu<BotContext>, data: string): boolean {
  const slash = data.indexOf("/");
  if (slash < 0) return false;
  try {
    // `at` knows the menu and all its registered submenus, and throws for any other id.
    menu.at(data.slice(0, slash));
    return true;
  } catch {
    return false;
  }
}
