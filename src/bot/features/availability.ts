import { Composer } from "grammy";
import { setAvailability } from "../../rules/team.js";
import type { BotContext } from "../context.js";
import { operatorOnly } from "./guards.js";

/** `/online` and `/away`: only available operators are picked by group algorithms. */
export const availability = new Composer<BotContext>();
const console_ = availability.chatType("private");

console_.command("online", operatorOnly, async (ctx) => {
  const got = setAvailability(ctx.deps.db, ctx.from.id, "online", ctx.deps.clock, ctx.deps.random);
  ctx.deps.kickDelivery();
  const queued = got.filter((c) => c.responsibleId === ctx.from.id);
  const online = ctx.t("availability-online");
  const chats = queued.map((c) => `#${c.id} ${c.title}`).join(", ");
  await ctx.reply(queued.length ? `${online}\n${ctx.t("availability-got-from-queue", { chats })}` : online);
});

console_.command("away", operatorOnly, async (ctx) => {
  setAvailability(ctx.deps.db, ctx.from.id, "away", ctx.deps.clock);
  await ctx.reply(ctx.t("availability-away"));
});
