import type { SearchHit } from "../rules/search.js";
import { describe } from "./chat-list.js";
import type { T } from "./words.js";

/** How much of the matching message a result line quotes. */
const QUOTE_CHARS = 80;

/**
 * The part of a message worth quoting: around the first word of the search it contains (accents and case aside),
 * else its start; on one line, cut between characters (never inside an emoji).
 */
export function quote(text: string, words: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const chars = [...flat];
  if (chars.length <= QUOTE_CHARS) return flat;
  const fold = (s: string) => s.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
  const folded = chars.map(fold);
  const wanted = (fold(words).match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length > 0);
  let at = -1;
  for (const w of wanted) {
    for (let i = 0; i < folded.length && at < 0; i++)
      if (
        folded
          .slice(i, i + w.length)
          .join("")
          .startsWith(w)
      )
        at = i;
    if (at >= 0) break;
  }
  const start = Math.max(0, Math.min(at < 0 ? 0 : at - 20, chars.length - QUOTE_CHARS));
  const cut = chars.slice(start, start + QUOTE_CHARS).join("");
  return `${start > 0 ? "…" : ""}${cut}${start + QUOTE_CHARS < chars.length ? "…" : ""}`;
}

/** The results of /find: a heading with the words, then each chat's line with the message that matched under it. */
export function searchText(t: T, words: string, hits: SearchHit[], now: number, page: number): string {
  const heading = t("search-heading", { words, page: String(page + 1) });
  if (hits.length === 0) return `${heading}\n\n${t(page === 0 ? "search-empty" : "search-no-more")}`;
  const lines = hits.map((h) => {
    const line = describe(t, h.chat, now);
    if (!h.match) return `${line}\n   ${t("search-by-name")}`;
    const who = h.match.direction === "in" ? h.match.senderName : t("search-operator", { name: h.match.senderName });
    return `${line}\n   ${who}: ${quote(h.match.text, words)}`;
  });
  return `${heading}\n\n${lines.join("\n")}`;
}
