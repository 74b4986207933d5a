import { Composer, InlineKeyboard, InputFile } from "grammy";
import { startOfDay } from "../../rules/availability.js";
import { teamReport } from "../../rules/reports.js";
import { deskFigures } from "../../views/desk-report.js";
import { tagReport } from "../../rules/tag-report.js";
import { hasTeamTags } from "../../rules/tags.js";
import { tagReportText } from "../../views/tag-report.js";
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

/** The report cut by a tag (see rules/tag-report.ts); undefined for a word that is not one of the team's tags. */
function buildByTag(ctx: BotContext, period: number, tag: string) {
  const { from, to } = periodRange(period, ctx.deps.clock());
  const admin = ctx.operator!.role === "admin";
  return tagReport(ctx.deps.db, tag, from, to, admin ? undefined : ctx.operator!.id);
}

const t_ =
  (ctx: BotContext): T =>
  (key, vars) =>
    ctx.t(key, vars);

function render(ctx: BotContext, period: number, report = build(ctx, period)): { text: string; keyboard: InlineKeyboard } {
  const t: T = (key, vars) => ctx.t(key, vars);
  const admin = ctx.operator!.role === "admin";
  const { from, to } = periodRange(period, ctx.deps.clock());
  const extra = deskFigures(t, ctx.deps.db, from, to, admin ? undefined : ctx.operator!.id);
  const text = reportText(t, t(`report-period-${PERIODS[period]!.key}`), report, admin) + extra;
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
  // `/report [period] [tag]`: a word that is not a period names a tag to cut the report by.
  const words = ctx.match.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const keys: string[] = PERIODS.map((p) => p.key);
  const periodAt = words.findIndex((w) => keys.includes(w));
  const period = periodAt < 0 ? 0 : keys.indexOf(words[periodAt]!);
  const rest = words.filter((_, i) => i !== periodAt);
  const byTag = rest.length === 1 ? buildByTag(ctx, period, rest[0]!) : undefined;
  if (rest.length > 0 && !byTag) {
    await ctx.reply(hasTeamTags(ctx.deps.db) ? `${ctx.t("report-usage")}\n${ctx.t("tags-report-usage")}` : ctx.t("report-usage"));
    return;
  }
  if (byTag) {
    const t = t_(ctx);
    const text = tagReportText(t, t(`report-period-${PERIODS[period]!.key}`), byTag, ctx.operator!.role === "admin");
    await ctx.reply(fitText(text, TEXT_LIMIT));
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
