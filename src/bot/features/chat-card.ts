import type { BotContext } from "../context.js";
import { type CardView, renderCard as drawCard } from "../../views/cards.js";

/**
 * A chat's card for the operator pressing a button or opening it from the list, in their language (the same
 * card delivery draws at send time; the words and buttons live in src/views/cards.ts).
 */
export function renderCard(ctx: BotContext, chatId: number): CardView | undefined {
  return drawCard(ctx.deps.db, chatId, ctx.from!.id, (key, vars) => ctx.t(key, vars));
}
