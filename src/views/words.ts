import { getChatByTelegramId } from "../rules/chats.js";
import { getOperator } from "../rules/people.js";
import type { Store } from "../db/store.js";
import { type Locale, supportedLocaleOf, type Translate } from "./i18n.js";

/** Words in one reader's language: `ctx.t` in a handler, or a Translate bound to a locale in delivery. */
export type Words = (key: string, vars?: Record<string, string | number | Date>) => string;

export function wordsIn(translate: Translate, locale: string): Words {
  return (key, vars) => translate(locale, key, vars);
}

/**
 * The language a delivery row is read in, decided when it is sent: an operator's choice, else their app's
 * language; a client's app language; else the team default.
 */
export function readerLocale(db: Store, destination: "operator" | "client", destinationChatId: number, defaultLocale: Locale): Locale {
  if (destination === "operator") return operatorLocale(getOperator(db, destinationChatId), defaultLocale);
  return supportedLocaleOf(getChatByTelegramId(db, destinationChatId)?.languageCode) ?? defaultLocale;
}

/** An operator's language: their choice, else their app's, else the team default. */
export function operatorLocale(op: { locale: string | null; languageCode: string | null } | undefined, defaultLocale: Locale): Locale {
  return supportedLocaleOf(op?.locale) ?? supportedLocaleOf(op?.languageCode) ?? defaultLocale;
}

/** A translate function bound to one reader's language, as views take it (`ctx.t` in handlers). */
export type T = Words;
