import { InlineKeyboard } from "grammy";
import { encode } from "../callback-codec.js";
import type { RatingLine, RatingSummary } from "../rules/ratings.js";
import type { Words } from "./words.js";

export const SCORES = [1, 2, 3, 4, 5] as const;

/** A score as stars: ★★★★☆. */
export const stars = (score: number) => "★".repeat(score) + "☆".repeat(Math.max(0, 5 - score));

/** "How did we do?" with a button per score, about one closing of the chat. */
export function ratingPrompt(t: Words, closureId: number): { text: string; reply_markup: InlineKeyboard } {
  const k = new InlineKeyboard();
  for (const score of SCORES) k.text(`${score} ⭐`, encode({ action: "rate", closure: closureId, score }));
  return { text: t("rating-question"), reply_markup: k };
}

/** The question once answered: the score given, and the offer to add a comment. */
export function ratedView(t: Words, closureId: number, score: number): { text: string; reply_markup: InlineKeyboard } {
  return {
    text: t("rating-thanks", { stars: stars(score) }),
    reply_markup: new InlineKeyboard().text(t("rating-add-comment"), encode({ action: "rateComment", closure: closureId })),
  };
}

/** The average of a rating summary: "4.5" (one decimal), or a dash when nobody rated. */
export const averageText = (average: number | null) => (average === null ? "–" : (Math.round(average * 10) / 10).toFixed(1));

const ratingLine = (t: Words, l: RatingLine) =>
  t("report-ratings-line", { name: l.operatorId === null ? t("report-team") : l.name, average: averageText(l.average), count: l.count });

/** The report's ratings section (admins also get the team's line); empty when nobody rated in the period. */
export function ratingSummaryText(t: Words, summary: RatingSummary, withTotals: boolean): string {
  if (summary.totals.count === 0) return "";
  const lines = summary.lines.length ? summary.lines.map((l) => ratingLine(t, l)) : [t("report-ratings-none")];
  if (withTotals) lines.push(ratingLine(t, summary.totals));
  return `${t("report-ratings-title")}\n${lines.join("\n")}`;
}
