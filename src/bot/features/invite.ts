import { Composer } from "grammy";
import { createInvite } from "../../rules/people.js";
import type { BotContext } from "../context.js";
import { adminOnly, refuseNotAdmin } from "./guards.js";

/** `/invite` (admins): a one-time deep link; whoever opens it within 24 hours becomes an operator. */
export const invite = new Composer<BotContext>();

invite.chatType("private").command("invite", adminOnly, async (ctx) => {
  const made = createInvite(ctx.deps.db, ctx.from.id, ctx.deps.clock, ctx.msg.message_id);
  if (!made.ok) return refuseNotAdmin(ctx);
  const { code, expiresAt } = made;
  const link = `https://t.me/${ctx.me.username}?start=${code}`;
  await ctx.reply(ctx.t("invite-link", { until: new Date(expiresAt).toISOString().replace("T", " ").slice(0, 16), link }), {
    link_preview_options: { is_disabled: true },
  });
});
