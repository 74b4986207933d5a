import type { InlineKeyboardMarkup } from "grammy/types";
import type { Stored } from "./fake-telegram/world.js";

/** The labels of a message's inline buttons, row by row flattened. */
export function labels(stored: Stored | undefined): string[] {
  const markup = stored?.message.reply_markup as InlineKeyboardMarkup | undefined;
  return markup?.inline_keyboard.flat().map((b) => b.text) ?? [];
}

/** The callback data of the button whose label contains `label`; throws if there is none. */
export function button(stored: Stored, label: string): string {
  const markup = stored.message.reply_markup as InlineKeyboardMarkup | undefined;
  const found = markup?.inline_keyboard.flat().find((b) => b.text.includes(label));
  if (!found || !("callback_data" in found)) throw new Error(`no button "${label}" in [${labels(stored).join(", ")}]`);
  return found.callback_data;
}
