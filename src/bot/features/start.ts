import { Composer } from "grammy";
import { redeemInvite } from "../../rules/people.js";
import { notifyOperators } from "../../rules/notifications.js";
import { syncOperatorCommands, helpText } from "../commands.js";
import type { BotContext } from "../context.js";
import { personName } from "../message-kind.js";
import { fitText } from "../../text-limits.js";
import { relayFromClient } from "./client-relay.js";

const REFUSALS = {
  unknown: "This invite link is not valid. Ask an admin of your team for a new one.",
  used: "This invite link has already been used. Ask an admin of your team for a new one.",
  expired: "This invite link has expired (links last 24 hours). Ask an admin of your team for a new one.",
  already_operator: "You are already an operator of this team.",
} as const;

/** Deep-link payloads are at most 64 characters; a longer hand-typed one is cut for the card. */
const START_SOURCE_LIMIT = 64;

/**
 * `/start`: a greeting, or joining the team through an admin's one-time invite link. Any other payload is
 * a link a client came through (an ad, a site): the team sees where they came from.
 */
export const start = new Composer<BotContext>();

start.chatType("private").command(["start", "help"], async (ctx) => {
  const { db, clock, kickDelivery } = ctx.deps;
  const code = ctx.match.trim();
  if (ctx.msg.text.startsWith("/help") || !code) {
    const role = ctx.operator?.role ?? "client";
    const greeting = role === "client" && !ctx.msg.text.startsWith("/help") ? "Hello! " : "";
    await ctx.reply(greeting + helpText(role));
    return;
  }
  const result = redeemInvite(db, code, { id: ctx.from.id, name: personName(ctx.from), username: ctx.from.username }, clock);
  if (!result.ok && result.reason === "unknown" && !ctx.operator) {
    const source = fitText(code, START_SOURCE_LIMIT);
    const relayed = await relayFromClient(ctx, { source, shownAs: `🚀 ${personName(ctx.from)} started the bot from ${source}.` });
    if (relayed) await ctx.reply(`Hello! ${helpText("client")}`);
    return;
  }
  if (!result.ok) {
    await ctx.reply(REFUSALS[result.reason]);
    return;
  }
  notifyOperators(db, [{ operatorId: result.invitedBy, silent: false }], { kind: "joined", operator: result.operator.name }, clock);
  kickDelivery();
  await syncOperatorCommands(ctx.api, result.operator);
  await ctx.reply(`Welcome to the team, ${result.operator.name}!\n\n${helpText("operator")}`);
});
