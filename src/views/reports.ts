import type { Report, ReportLine } from "../rules/reports.js";
import type { T } from "./words.js";

export function duration(t: T, ms: number | null): string {
  if (ms === null) return "–";
  const s = Math.round(ms / 1000);
  if (s < 60) return t("duration-seconds", { s: String(s) });
  const m = Math.floor(s / 60);
  if (m < 60) return t("duration-minutes", { m: String(m), s: String(s % 60).padStart(2, "0") });
  return t("duration-hours", { h: String(Math.floor(m / 60)), m: String(m % 60).padStart(2, "0") });
}

/** The totals line is the team's, named in the reader's language. */
const nameOf = (t: T, l: ReportLine) => (l.operatorId === null ? t("report-team") : l.name);

export function reportLineText(t: T, l: ReportLine): string {
  return t("report-line", {
    name: nameOf(t, l),
    assigned: l.assigned,
    closed: String(l.closed),
    messages: l.messagesSent,
    firstMedian: duration(t, l.firstResponseMedianMs),
    firstP90: duration(t, l.firstResponseP90Ms),
    resolutionMedian: duration(t, l.resolutionMedianMs),
    reassignedIn: String(l.reassignedIn),
    reassignedOut: String(l.reassignedOut),
  });
}

/** The report as a message: each operator's line, and the team's totals for admins. */
export function reportText(t: T, period: string, report: Report, withTotals: boolean): string {
  const body = report.lines.length ? report.lines.map((l) => reportLineText(t, l)).join("\n\n") : t("report-empty");
  const totals = withTotals ? `\n\n${reportLineText(t, report.totals)}` : "";
  return `${t("report-title", { period })}\n\n${body}${totals}`;
}

/**
 * A spreadsheet runs a cell starting with =, +, -, @ (or a tab or CR before one) as a formula, and names come
 * from Telegram profiles anyone can set: such a cell is prefixed with ' so it stays text.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replaceAll('"', '""')}"`;
}

const seconds = (ms: number | null) => (ms === null ? "" : String(Math.round(ms / 1000)));

export function reportCsv(t: T, report: Report): string {
  const row = (l: ReportLine) =>
    [
      l.operatorId ?? "",
      csvCell(nameOf(t, l)),
      l.assigned,
      l.closed,
      l.messagesSent,
      seconds(l.firstResponseMedianMs),
      seconds(l.firstResponseP90Ms),
      seconds(l.resolutionMedianMs),
      l.reassignedIn,
      l.reassignedOut,
    ].join(",");
  return `${[t("report-csv-header"), ...report.lines.map(row), row(report.totals)].join("\n")}\n`;
}
