import { Composer } from "grammy";
import { inboxesFor } from "../../rules/business-chats.js";
import { inboxesText } from "../../views/business.js";
import type { BotContext } from "../context.js";
import { adminOnly, refuseNotAdmin } from "./guards.js";

/** `/inboxes` (admins): the bot itself and the business accounts connected to it, with their state. */
export const inboxes = new Composer<BotContext>();

inboxes.chatType("private").command("inboxes", adminOnly, async (ctx) => {
  const result = inboxesFor(ctx.deps.db, ctx.from.id);
  if (!result.ok) return refuseNotAdmin(ctx);
  await ctx.reply(inboxesText(result.connections, (key, vars) => ctx.t(key, vars)));
});
