import { Composer } from "grammy";
import { noteActivity, startOfDay } from "../../rules/availability.js";
import { getActiveOperator, getOperator, refreshOperatorProfile } from "../../rules/people.js";
import type { BotContext, BotDeps } from "../context.js";
import { personName } from "../message-kind.js";
import { bindOperator } from "./update-log.js";

/** Attaches the sender's operator record (if any) and keeps it current; every rule check starts from here. */
export function identity(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.use(async (ctx, next) => {
    ctx.deps = deps;
    const from = ctx.from;
    if (from && !from.is_bot) {
      const record = getOperator(deps.db, from.id);
      const op = record?.active ? record : undefined;
      ctx.formerOperator = record !== undefined && !record.active;
      if (op) {
        const name = personName(from);
        if (
          op.name !== name ||
          op.username !== (from.username ?? null) ||
          op.unreachable ||
          op.languageCode !== (from.language_code ?? null)
        ) {
          refreshOperatorProfile(deps.db, { id: from.id, name, username: from.username, languageCode: from.language_code });
        }
        // One write a day at most: enough to keep an online operator "online today".
        if (op.availability === "online" && (op.lastSeenOnlineAt ?? 0) < startOfDay(deps.clock()))
          noteActivity(deps.db, from.id, deps.clock);
        ctx.operator = getActiveOperator(deps.db, from.id);
        if (ctx.operator) bindOperator(ctx, ctx.operator.id);
      }
    }
    await next();
  });
  return composer;
}
