import { Composer, InlineKeyboard, InputFile } from "grammy";
import { startOfDay } from "../../rules/availability.js";
import { type ReportLine, reportCsv, teamReport } from "../../rules/reports.js";
import { fitText, TEXT_LIMIT } from "../../text-limits.js";
import { decode, encode, matcher } from "../callback-codec.js";
import type { BotContext } from "../context.js";
import { ignoreNotModified } from "../edits.js";
import { operatorOnly } from "./guards.js";

const PERIODS = [
  { key: "today", label: "Today" },
  { key: "7d", label: "7 days" },
  { key: "30d", label: "30 days" },
] as const;
const DAY = 24 * 60 * 60 * 1000;

function periodRange(index: number, now: number): { from: number; to: number } {
  if (index === 0) return { from: startOfDay(now), to: now + 1 };
  return { from: now - (index === 1 ? 7 : 30) * DAY, to: now + 1 };
}

export function duration(ms: number | null): string {
  if (ms === null) return "–";
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, "0")}m`;
}

function lineText(l: ReportLine): string {
  return [
    `${l.name}: ${l.assigned} assigned, ${l.closed} closed, ${l.messagesSent} messages`,
    `  first response median ${duration(l.firstResponseMedianMs)}, p90 ${duration(l.firstResponseP90Ms)}; resolution median ${duration(l.resolutionMedianMs)}`,
    `  reassigned in ${l.reassignedIn}, out ${l.reassignedOut}`,
  ].join("\n");
}

/** Admins see the whole team with totals; an operator sees their own line. */
function build(ctx: BotContext, period: number) {
  const { from, to } = periodRange(period, ctx.deps.clock());
  const admin = ctx.operator!.role === "admin";
  return teamReport(ctx.deps.db, from, to, admin ? undefined : ctx.operator!.id);
}

function render(ctx: BotContext, period: number): { text: string; keyboard: InlineKeyboard } {
  const report = build(ctx, period);
  const admin = ctx.operator!.role === "admin";
  const body = report.lines.length ? report.lines.map(lineText).join("\n\n") : "No activity in this period.";
  const totals = admin ? `\n\n${lineText(report.totals)}` : "";
  const k = new InlineKeyboard();
  PERIODS.forEach((p, i) => k.text(i === period ? `• ${p.label}` : p.label, encode({ action: "report", period: i, csv: 0 })));
  k.row().text("📄 CSV", encode({ action: "report", period, csv: 1 }));
  return { text: fitText(`📊 Report, ${PERIODS[period]!.label.toLowerCase()}\n\n${body}${totals}`, TEXT_LIMIT), keyboard: k };
}

/** `/report [today|7d|30d]`: per-operator performance from the stored history; CSV on request. */
export const reports = new Composer<BotContext>();

reports.chatType("private").command("report", operatorOnly, async (ctx) => {
  const arg = ctx.match.trim().toLowerCase();
  const period = arg === "" ? 0 : PERIODS.findIndex((p) => p.key === arg);
  if (period < 0) {
    await ctx.reply("Use /report today, /report 7d or /report 30d.");
    return;
  }
  const { text, keyboard } = render(ctx, period);
  await ctx.reply(text, { reply_markup: keyboard });
});

reports.callbackQuery(matcher("report"), operatorOnly, async (ctx) => {
  const data = decode(ctx.callbackQuery.data);
  await ctx.answerCallbackQuery();
  if (data?.action !== "report" || !PERIODS[data.period]) return;
  if (data.csv) {
    const csv = reportCsv(build(ctx, data.period));
    await ctx.replyWithDocument(new InputFile(Buffer.from(csv, "utf8"), `report-${PERIODS[data.period]!.key}.csv`));
    return;
  }
  const { text, keyboard } = render(ctx, data.period);
  await ctx.editMessageText(text, { reply_markup: keyboard }).catch(ignoreNotModified);
});
