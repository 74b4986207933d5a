import type { Store } from "../db/store.js";
import { businessFirstResponses } from "../rules/business-hours.js";
import { ratingSummary } from "../rules/ratings.js";
import { ratingSummaryText } from "./ratings.js";
import { duration } from "./reports.js";
import type { Words } from "./words.js";

/**
 * The desk's figures shown beside the report (ratings; business-time first responses), each from its own rule
 * so the report's own queries stay as they are. Empty, or sections each starting with a blank line.
 */
export function deskFigures(t: Words, db: Store, from: number, to: number, onlyOperatorId?: number): string {
  const admin = onlyOperatorId === undefined;
  const sections = [
    ratingSummaryText(t, ratingSummary(db, from, to, onlyOperatorId), admin),
    businessResponseText(t, db, from, to, onlyOperatorId),
  ];
  return sections
    .filter((s) => s !== "")
    .map((s) => `\n\n${s}`)
    .join("");
}

/**
 * With business hours set, first responses counted within them only (the report's own figures are clock time):
 * a client who wrote at night and got an answer at opening time was answered at once.
 */
function businessResponseText(t: Words, db: Store, from: number, to: number, onlyOperatorId?: number): string {
  const figures = businessFirstResponses(db, from, to, onlyOperatorId);
  if (!figures) return "";
  const line = (l: (typeof figures.lines)[number]) =>
    t("report-hours-line", {
      name: l.operatorId === null ? t("report-team") : l.name,
      median: duration(t, l.medianMs),
      p90: duration(t, l.p90Ms),
    });
  const lines = figures.lines.map(line);
  if (onlyOperatorId === undefined) lines.push(line(figures.totals));
  return `${t("report-hours-title")}\n${lines.join("\n")}`;
}
