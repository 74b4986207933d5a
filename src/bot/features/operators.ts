import { Menu, type MenuRange } from "@grammyjs/menu";
import { Composer } from "grammy";
import { isAvailable } from "../../rules/availability.js";
import { getOperator, listOperators, type Operator } from "../../rules/people.js";
import { deactivate, setRole, type TeamOutcome } from "../../rules/team.js";
import { syncOperatorCommands } from "../commands.js";
import { wordsOf } from "../words.js";
import type { BotContext } from "../context.js";
import { adminOnly, guardedMenu, logRefusal, outdatedMenu } from "./guards.js";

function status(ctx: BotContext, op: Operator, now: number): string {
  if (!op.active) return ctx.t("roster-deactivated");
  return ctx.t("roster-status", {
    role: ctx.t(`roster-role-${op.role}`),
    availability: ctx.t(isAvailable(op, now) ? "roster-online" : "roster-away"),
  });
}

const TEAM_REFUSALS = {
  not_admin: "guard-not-admin",
  not_found: "roster-not-found",
  last_admin: "roster-last-admin",
  unchanged: "nothing-to-change",
} as const;

async function applied(ctx: BotContext, outcome: TeamOutcome, done: string): Promise<boolean> {
  if (!outcome.ok) {
    logRefusal(ctx, outcome.reason);
    await ctx.answerCallbackQuery({ text: ctx.t(TEAM_REFUSALS[outcome.reason]), show_alert: true });
    return false;
  }
  ctx.deps.kickDelivery();
  await syncOperatorCommands(ctx.api, wordsOf(ctx.deps), outcome.operator);
  await ctx.answerCallbackQuery({ text: done });
  return true;
}

/** One operator's actions; which operator travels in the buttons' payload. */
const operatorMenu = new Menu<BotContext>("operator", { autoAnswer: false, onMenuOutdated: outdatedMenu("roster-outdated") })
  .dynamic((ctx: BotContext, range: MenuRange<BotContext>) => {
    // Drawn for admins only, whatever reached it (guardedMenu refuses the rest before this runs).
    if (ctx.operator?.role !== "admin") return;
    const target = getOperator(ctx.deps.db, Number(ctx.match));
    if (!target) return;
    const payload = String(target.id);
    range.text({ text: `${target.name}: ${status(ctx, target, ctx.deps.clock())}`, payload }, (c) => c.answerCallbackQuery()).row();
    if (!target.active) return;
    if (target.role === "operator") {
      range.text({ text: ctx.t("roster-make-admin"), payload }, async (c) => {
        if (await applied(c, setRole(c.deps.db, c.from.id, target.id, "admin"), c.t("roster-now-admin", { name: target.name })))
          c.menu.update();
      });
    } else {
      range.text({ text: ctx.t("roster-make-operator"), payload }, async (c) => {
        if (await applied(c, setRole(c.deps.db, c.from.id, target.id, "operator"), c.t("roster-now-operator", { name: target.name })))
          c.menu.update();
      });
    }
    range.text({ text: ctx.t("roster-deactivate"), payload }, async (c) => {
      if (
        await applied(c, deactivate(c.deps.db, c.from.id, target.id, c.deps.clock), c.t("roster-now-deactivated", { name: target.name }))
      ) {
        c.menu.update();
      }
    });
  })
  .row()
  .back(
    (ctx) => ctx.t("roster-back"),
    (c) => c.answerCallbackQuery(),
  );

/** `/operators` (admins): the roster with role and availability. */
export const rosterMenu = new Menu<BotContext>("roster", { autoAnswer: false, onMenuOutdated: outdatedMenu("roster-outdated") }).dynamic(
  (ctx: BotContext, range: MenuRange<BotContext>) => {
    if (ctx.operator?.role !== "admin") return;
    const now = ctx.deps.clock();
    for (const op of listOperators(ctx.deps.db)) {
      const icon = !op.active ? "🚫" : op.role === "admin" ? "👑" : "👤";
      range
        .submenu({ text: `${icon} ${op.name} · ${status(ctx, op, now)}`, payload: String(op.id) }, "operator", (c) =>
          c.answerCallbackQuery(),
        )
        .row();
    }
  },
);
rosterMenu.register(operatorMenu);

/** Installed in place of the bare menus: a roster left open by an admin demoted since, or forged data, is refused. */
export const rosterMenus = guardedMenu(adminOnly, rosterMenu);

export const operators = new Composer<BotContext>();
operators.chatType("private").command("operators", adminOnly, async (ctx) => {
  await ctx.reply(ctx.t("roster-text"), { reply_markup: rosterMenu });
});
