import type { Store } from "../db/store.js";
import { ratingSummary } from "../rules/ratings.js";
import { ratingSummaryText } from "./ratings.js";
import type { Words } from "./words.js";

/**
 * The desk's figures shown beside the report (ratings; business-time first responses), each from its own rule
 * so the report's own queries stay as they are. Empty, or sections each starting with a blank line.
 */
export function deskFigures(t: Words, db: Store, from: number, to: number, onlyOperatorId?: number): string {
  const sections = [ratingSummaryText(t, ratingSummary(db, from, to, onlyOperatorId), onlyOperatorId === undefined)];
  return sections
    .filter((s) => s !== "")
    .map((s) => `\n\n${s}`)
    .join("");
}
