import { InputFile } from "grammy";
import { reportDays } from "../../rules/report-chart.js";
import type { Report } from "../../rules/reports.js";
import { renderPng, reportChartSvg } from "../../views/report-chart.js";
import type { T } from "../../views/words.js";
import type { BotContext } from "../context.js";

/**
 * The report's picture, sent as a photo after the report's text: the same period and the same people (an operator
 * sees their own figures, an admin the team's). `periodKey` is today, 7d or 30d.
 */
export async function sendReportChart(ctx: BotContext, periodKey: string, report: Report): Promise<void> {
  const t: T = (key, vars) => ctx.t(key, vars);
  const name = t(`report-period-${periodKey}`);
  const admin = ctx.operator!.role === "admin";
  const days = reportDays(ctx.deps.db, report.from, report.to, admin ? undefined : ctx.operator!.id);
  const png = await renderPng(reportChartSvg(t, name, days, report.lines));
  await ctx.replyWithPhoto(new InputFile(png, `report-${periodKey}.png`), { caption: t("report-chart-caption", { period: name }) });
}
