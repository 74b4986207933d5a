import { Composer, InlineKeyboard, InputFile } from "grammy";
import { startOfDay } from "../../rules/availability.js";
import { teamReport } from "../../rules/reports.js";
import { reportCsv, reportText } from "../../views/reports.js";
import type { T } from "../../views/words.js";
import { fitText, TEXT_LIMIT } from "../../text-limits.js";
import { decode, encode, matcher } from "../../callback-codec.js";
import type { BotContext } from "../context.js";
import { ignoreNotModified } from "../edits.js";
import { operatorOnly } from "./guards.js";
import { sendReportChart } from "./report-chart.js";

const PERIODS = [{ key: "today" }, { key: "7d" }, { key: "30d" }] as const;
const DAY = 24 * 60 * 60 * 1000;

function periodRange(index: number, now: number): { from: number; to: number } {
  if (index === 0) return { from: startOfDay(now), to: now + 1 };
  return { from: now - (index === 1 ? 7 : 30) * DAY, to: now + 1 };
}

/** Admins see the whole team with totals; an operator sees their own line. */
function build(ctx: BotContext, period: number) {
  const { from, to } = periodRange(period, ctx.deps.clock());
  const admin = ctx.operator!.role === "admin";
  return teamReport(ctx.deps.db, from, to, admin ? undefined : ctx.operator!.id);
}

function render(ctx: BotContext, period: number, report = build(ctx, period)): { text: string; keyboard: InlineKeyboard } {
  const t: T = (key, vars) => ctx.t(key, vars);
  const text = reportText(t, t(`report-period-${PERIODS[period]!.key}`), report, ctx.operator!.role === "admin");
  const k = new InlineKeyboard();
  PERIODS.forEach((p, i) => {
    const label = t(`report-button-${p.key}`);
    k.text(i === period ? `• ${label}` : label, encode({ action: "report", period: i, csv: 0 }));
  });
  k.row().text(t("report-button-csv"), encode({ action: "report", period, csv: 1 }));
  k.text(t("report-button-chart"), encode({ action: "reportChart", period }));
  return { text: fitText(text, TEXT_LIMIT), keyboard: k };
}

/** `/report [today|7d|30d]`: per-operator performance from the stored history; CSV on request. */
export const reports = new Composer<BotContext>();

reports.chatType("private").command("report", operatorOnly, async (ctx) => {
  const arg = ctx.match.trim().toLowerCase();
  const period = arg === "" ? 0 : PERIODS.findIndex((p) => p.key === arg);
  if (period < 0) {
    await ctx.reply(ctx.t("report-usage"));
    return;
  }
  const report = build(ctx, period);
  const { text, keyboard } = render(ctx, period, report);
  await ctx.reply(text, { reply_markup: keyboard });
  await sendReportChart(ctx, PERIODS[period]!.key, report);
});

reports.callbackQuery(matcher("report"), operatorOnly, async (ctx) => {
  const data = decode(ctx.callbackQuery.data);
  await ctx.answerCallbackQuery();
  if (data?.action !== "report" || !PERIODS[data.period]) return;
  if (data.csv) {
    const csv = reportCsv((key, vars) => ctx.t(key, vars), build(ctx, data.period));
    await ctx.replyWithDocument(new InputFile(Buffer.from(csv, "utf8"), `report-${PERIODS[data.period]!.key}.csv`));
    return;
  }
  const { text, keyboard } = render(ctx, data.period);
  await ctx.editMessageText(text, { reply_markup: keyboard }).catch(ignoreNotModified);
});

reports.callbackQuery(matcher("reportChart"), operatorOnly, async (ctx) => {
  const data = decode(ctx.callbackQuery.data);
  await ctx.answerCallbackQuery();
  if (data?.action !== "reportChart" || !PERIODS[data.period]) return;
  await sendReportChart(ctx, PERIODS[data.period]!.key, build(ctx, data.period));
});
