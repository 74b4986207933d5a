import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { I18n, type I18nFlavor } from "@grammyjs/i18n";
import type { Context } from "grammy";

/** Every word a person reads lives in `locales/<locale>/*.ftl` (Fluent); one folder per language. */
export const LOCALES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../locales");

/** The languages the console speaks completely; anything else falls back to the team default. */
export const SUPPORTED_LOCALES = ["en", "ru"] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];

export function isSupportedLocale(code: string | null | undefined): code is Locale {
  return SUPPORTED_LOCALES.includes(code as Locale);
}

/** Telegram's language_code ("ru", "pt-br", "en-GB") to a language the console speaks, or undefined. */
export function supportedLocaleOf(languageCode: string | null | undefined): Locale | undefined {
  const base = languageCode?.toLowerCase().split("-")[0];
  return isSupportedLocale(base) ? base : undefined;
}

/** Renders a message in a locale; `vars` fill the Fluent placeables. Usable where no update is at hand (delivery). */
export type Translate = (locale: string, key: string, vars?: Record<string, string | number | Date>) => string;

/**
 * One Fluent instance for the process. Placeables are not wrapped in Unicode isolation marks: Telegram shows
 * them as they are, and invisible characters would end up in names and commands people copy.
 */
export function createI18n<C extends Context>(defaultLocale: Locale, localeOf: (ctx: C) => string | undefined): I18n<C> {
  return new I18n<C>({
    defaultLocale,
    directory: LOCALES_DIR,
    fluentBundleOptions: { useIsolating: false },
    localeNegotiator: (ctx) => localeOf(ctx) ?? defaultLocale,
  });
}

/** A translate function over an I18n instance, with the team default for a missing or unsupported locale. */
export function translator(i18n: Pick<I18n, "t">, defaultLocale: Locale): Translate {
  return (locale, key, vars) => i18n.t(isSupportedLocale(locale) ? locale : defaultLocale, key, vars);
}

export type { I18nFlavor };
