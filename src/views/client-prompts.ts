import type { InlineKeyboard } from "grammy";
import type { ClientPrompt } from "../rules/outbox.js";
import { ratingPrompt } from "./ratings.js";
import type { Words } from "./words.js";

/**
 * What the bot itself says to a client, in the client's language at send time. `custom` is the team's own
 * off-hours text for that language, when an admin wrote one.
 */
export function renderClientPrompt(p: ClientPrompt, t: Words, custom?: string): { text: string; reply_markup?: InlineKeyboard } {
  switch (p.kind) {
    case "rating":
      return ratingPrompt(t, p.closureId);
    case "comment_thanks":
      return { text: t("rating-comment-thanks") };
    case "off_hours":
      return { text: custom ?? t("hours-auto-answer") };
  }
}
