import { translator } from "../views/i18n.js";
import type { CommandWords } from "./commands.js";
import type { BotDeps } from "./context.js";

/** A translate function for any locale, for words meant for someone other than the sender (menus, notices). */
export function wordsOf(deps: BotDeps): CommandWords {
  const defaultLocale = deps.defaultLocale ?? "en";
  if (!deps.i18n) throw new Error("createBot installs the i18n instance in deps");
  return { translate: translator(deps.i18n, defaultLocale), defaultLocale };
}

/** The language someone reads in when no update of theirs is at hand: their choice, else their app's, else the team's. */
export { operatorLocale } from "../views/words.js";
