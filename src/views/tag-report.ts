import type { TagReport, TagReportLine } from "../rules/tag-report.js";
import { duration } from "./reports.js";
import type { T } from "./words.js";

function lineText(t: T, l: TagReportLine): string {
  return t("tags-report-line", {
    name: l.operatorId === null ? t("report-team") : l.name,
    closed: String(l.closed),
    messages: String(l.messagesSent),
    firstMedian: duration(t, l.firstResponseMedianMs),
  });
}

/** The report cut by a tag: the tagged chats' figures, each operator's line, and the team's for admins. */
export function tagReportText(t: T, period: string, report: TagReport, withTotals: boolean): string {
  const summary = t("tags-report-summary", {
    active: String(report.activeChats),
    new: String(report.newChats),
    clientMessages: String(report.clientMessages),
  });
  const body = report.lines.length ? report.lines.map((l) => lineText(t, l)).join("\n") : t("report-empty");
  const totals = withTotals ? `\n${lineText(t, report.totals)}` : "";
  return `${t("tags-report-title", { period, tag: report.tag.name })}\n${summary}\n\n${body}${totals}`;
}
