import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { FluentBundle, FluentResource, type FluentVariable } from "@fluent/bundle";
import type { Context, MiddlewareFn, MiddlewareObj } from "grammy";

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
export type Translate = (locale: string, key: string, vars?: Record<string, FluentVariable>) => string;

/** What the i18n middleware adds to each update's context. */
export interface I18nFlavor {
  /** The message `key` in the reader's language (a missing key falls back to the team default, then to `{key}`). */
  t: (key: string, vars?: Record<string, FluentVariable>) => string;
  translate: (key: string, vars?: Record<string, FluentVariable>) => string;
  i18n: {
    /** The reader's language as it stands now (after /language changed it, say). */
    getLocale(): Promise<string>;
    /** Makes ctx.t follow a language the reader has just chosen. */
    renegotiateLocale(): Promise<void>;
    useLocale(locale: string): void;
  };
}

/**
 * The words of the bot over Fluent: what @grammyjs/i18n did for us, in its output byte for byte (its Deno shim
 * was a tenth of start-up). A language's .ftl files form one bundle; a message missing in the reader's language
 * comes from the team default's; one missing everywhere renders as `{key}`. Placeables are not wrapped in Unicode
 * isolation marks: Telegram shows them as they are, and invisible characters would end up in names and commands
 * people copy.
 */
export class I18n<C extends Context = Context> implements MiddlewareObj<C> {
  private readonly bundles = new Map<string, FluentBundle>();
  private readonly fallback: FluentBundle;

  constructor(
    private readonly defaultLocale: Locale,
    private readonly localeOf: (ctx: C) => string | undefined,
    directory = LOCALES_DIR,
  ) {
    for (const entry of readdirSync(directory, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const files = entry.isDirectory()
        ? ftlFiles(join(directory, entry.name))
        : entry.name.endsWith(".ftl")
          ? [join(directory, entry.name)]
          : [];
      if (files.length === 0) continue;
      const bundle = new FluentBundle(entry.name.split(".")[0]!, { useIsolating: false });
      const source = files.map((file) => new TextDecoder("utf-8").decode(readFileSync(file))).join("\n");
      const errors = bundle.addResource(new FluentResource(source), { allowOverrides: true });
      if (errors.length > 0) throw new Error(`${entry.name}: ${errors.map(String).join("; ")}`);
      this.bundles.set(bundle.locales[0]!, bundle);
    }
    const fallback = this.bundles.get(defaultLocale) ?? this.bundles.values().next().value;
    if (!fallback) throw new Error(`no .ftl files in ${directory}`);
    this.fallback = fallback;
  }

  t(locale: string, key: string, vars?: Record<string, FluentVariable>): string {
    const [id, attribute] = key.split(".", 2) as [string, string | undefined];
    const own = this.bundles.get(locale) ?? this.bundles.get(locale.toLowerCase().split("-")[0]!);
    for (const bundle of own && own !== this.fallback ? [own, this.fallback] : [this.fallback]) {
      const message = bundle.getMessage(id);
      const pattern = attribute ? message?.attributes[attribute] : message && (message.value ?? "");
      if (pattern !== undefined) return bundle.formatPattern(pattern, vars);
      console.warn(`Translation message "${key}" is missing in the following locale(s): ${bundle.locales.join(", ")}.`);
    }
    return `{${key}}`;
  }

  middleware(): MiddlewareFn<C> {
    return (plain, next) => {
      const ctx = plain as C & I18nFlavor;
      const negotiated = () => this.localeOf(ctx) ?? this.defaultLocale;
      let locale = negotiated();
      const i18n: I18nFlavor["i18n"] = {
        getLocale: async () => negotiated(),
        renegotiateLocale: async () => {
          locale = negotiated();
        },
        useLocale: (chosen) => {
          locale = chosen;
        },
      };
      // Not enumerable and replaceable, as the plugin had it: a conversation may install its own.
      Object.defineProperty(ctx, "i18n", { value: i18n, writable: true });
      ctx.translate = (key, vars) => this.t(locale, key, { ...vars });
      ctx.t = ctx.translate;
      return next();
    };
  }
}

function ftlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? ftlFiles(path) : entry.name.endsWith(".ftl") ? [path] : [];
    });
}

/** One I18n instance for the process; the reader's language comes from `localeOf`, else the team default. */
export function createI18n<C extends Context>(defaultLocale: Locale, localeOf: (ctx: C) => string | undefined): I18n<C> {
  return new I18n<C>(defaultLocale, localeOf);
}

/** A translate function over an I18n instance, with the team default for a missing or unsupported locale. */
export function translator(i18n: Pick<I18n, "t">, defaultLocale: Locale): Translate {
  return (locale, key, vars) => i18n.t(isSupportedLocale(locale) ? locale : defaultLocale, key, vars);
}
