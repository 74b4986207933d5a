/**
 * Telegram's length limits count UTF-16 code units (what JavaScript's `length` counts), but a text cut at an
 * arbitrary unit can end in half an emoji (a lone surrogate), which arrives as garbage or is refused. Every
 * place that shortens a text for Telegram goes through `fitText`, which cuts between characters.
 */

export const TEXT_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;

// Made on the first long text, not at start-up: building a segmenter loads ICU's break rules (tens of ms).
let graphemes: Intl.Segmenter | undefined;

/**
 * The text if it fits in `limit` UTF-16 units; otherwise its longest start that ends on a character boundary
 * (a grapheme: an emoji with its skin tone or a flag stays whole), followed by `ellipsis`, within `limit`.
 */
export function fitText(text: string, limit: number, ellipsis = "…"): string {
  if (text.length <= limit) return text;
  const room = limit - ellipsis.length;
  if (room <= 0) return codePointStart(ellipsis, limit);
  let end = 0;
  // Segmenting is lazy: only the part that fits is walked, however long the text.
  graphemes ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  for (const { index, segment } of graphemes.segment(text)) {
    if (index + segment.length > room) break;
    end = index + segment.length;
  }
  // One grapheme longer than the room (thousands of combining marks) is cut between its code points instead.
  const body = end > 0 ? text.slice(0, end) : codePointStart(text, room);
  return body + ellipsis;
}

/** The longest start of `text` within `limit` units that does not split a surrogate pair. */
function codePointStart(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const last = text.charCodeAt(limit - 1);
  const splitsPair = last >= 0xd800 && last <= 0xdbff;
  return text.slice(0, splitsPair ? limit - 1 : limit);
}

/**
 * Formatting that still fits a text cut to `length` units: entities past the end go, one that crosses it is
 * shortened (entity offsets are UTF-16 units too).
 */
export function fitEntities<E extends { offset: number; length: number }>(entities: E[] | undefined, length: number): E[] | undefined {
  if (!entities) return undefined;
  return entities.filter((e) => e.offset < length).map((e) => (e.offset + e.length > length ? { ...e, length: length - e.offset } : e));
}

/** The text with the author's name under it; a text too long for both is cut, never the name. */
export function withSignature(text: string, name: string, limit: number): string {
  const signature = `— ${name}`;
  if (!text) return fitText(signature, limit);
  return `${fitText(text, limit - signature.length - 2)}\n\n${signature}`;
}
