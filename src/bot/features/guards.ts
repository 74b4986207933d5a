import type { NextFunction } from "grammy";
import type { BotContext } from "../context.js";

const NOT_OPERATOR = "This is for the team's operators only.";
const NOT_ADMIN = "Only an admin can do this.";

async function refuse(ctx: BotContext, text: string): Promise<void> {
  if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text, show_alert: true });
  else await ctx.reply(text);
}

/** Lets an active operator through; anyone else is told so and nothing happens. */
export async function operatorOnly(ctx: BotContext, next: NextFunction): Promise<void> {
  if (ctx.operator) return next();
  await refuse(ctx, NOT_OPERATOR);
}

export async function adminOnly(ctx: BotContext, next: NextFunction): Promise<void> {
  if (ctx.operator?.role === "admin") return next();
  await refuse(ctx, ctx.operator ? NOT_ADMIN : NOT_OPERATOR);
}
