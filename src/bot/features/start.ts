import { Composer } from "grammy";
import { redeemInvite } from "../../rules/people.js";
import { notifyOperators } from "../../rules/notifications.js";
import { syncOperatorCommands, helpText } from "../commands.js";
import type { BotContext } from "../context.js";
import { personName } from "../message-kind.js";
import { fitText } from "../../text-limits.js";
import { wordsOf } from "../words.js";
import { relayFromClient } from "./client-relay.js";

const REFUSALS = {
  unknown: "start-invite-unknown",
  used: "start-invite-used",
  expired: "start-invite-expired",
  already_operator: "start-already-operator",
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
    const help = helpText(role, (k) => ctx.t(k));
    await ctx.reply(role === "client" && !ctx.msg.text.startsWith("/help") ? ctx.t("start-hello", { help }) : help);
    return;
  }
  const result = redeemInvite(db, code, { id: ctx.from.id, name: personName(ctx.from), username: ctx.from.username }, clock);
  if (!result.ok && result.reason === "unknown" && !ctx.operator) {
    const relayed = await relayFromClient(ctx, { source: fitText(code, START_SOURCE_LIMIT) });
    if (relayed) await ctx.reply(ctx.t("start-hello", { help: helpText("client", (k) => ctx.t(k)) }));
    return;
  }
  if (!result.ok) {
    await ctx.reply(ctx.t(REFUSALS[result.reason]));
    return;
  }
  notifyOperators(db, [{ operatorId: result.invitedBy, silent: false }], { kind: "joined", operator: result.operator.name }, clock);
  kickDelivery();
  await syncOperatorCommands(ctx.api, wordsOf(ctx.deps), result.operator);
  await ctx.reply(ctx.t("start-welcome", { name: result.operator.name, help: helpText("operator", (k) => ctx.t(k)) }));
});
