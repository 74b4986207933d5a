import { Composer } from "grammy";
import type { BotContext, BotDeps } from "../context.js";

/**
 * Every line a handler writes says which update, chat and operator it is about, so one update can be followed
 * through the log. First in the chain (before the safety net, which logs with it). A pino child costs one small
 * object per update; nothing of the update's content is bound, only ids.
 */
export function updateLog(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.use((ctx, next) => {
    const chat = ctx.chat?.id;
    ctx.log = deps.log.child(chat === undefined ? { update_id: ctx.update.update_id } : { update_id: ctx.update.update_id, chat });
    return next();
  });
  return composer;
}

/** Called by identity once the sender is known to be an operator. */
export function bindOperator(ctx: BotContext, operatorId: number): void {
  ctx.log = ctx.log.child({ operator: operatorId });
}
