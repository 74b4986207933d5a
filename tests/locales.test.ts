import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { FluentResource } from "@fluent/bundle";
import { describe, expect, it } from "vitest";
import { LOCALES_DIR, SUPPORTED_LOCALES } from "../src/views/i18n.js";

/** Message ids (and their attributes) defined in one language folder, by file. */
function keysOf(locale: string): Map<string, string[]> {
  const byFile = new Map<string, string[]>();
  for (const file of readdirSync(join(LOCALES_DIR, locale))
    .filter((f) => f.endsWith(".ftl"))
    .sort()) {
    const resource = new FluentResource(readFileSync(join(LOCALES_DIR, locale, file), "utf8"));
    const keys: string[] = [];
    for (const entry of resource.body) {
      keys.push(entry.id);
      for (const attr of Object.keys(entry.attributes ?? {})) keys.push(`${entry.id}.${attr}`);
    }
    byFile.set(file, keys.sort());
  }
  return byFile;
}

describe("locales", () => {
  it("every language has the same files and the same keys as English", () => {
    const english = keysOf("en");
    for (const locale of SUPPORTED_LOCALES) {
      const other = keysOf(locale);
      expect([...other.keys()], `${locale}: files`).toEqual([...english.keys()]);
      for (const [file, keys] of english) expect(other.get(file), `${locale}/${file}: keys`).toEqual(keys);
    }
  });

  it("no key is defined twice across a language's files", () => {
    for (const locale of SUPPORTED_LOCALES) {
      const all = [...keysOf(locale).values()].flat();
      expect(
        all.filter((k, i) => all.indexOf(k) !== i),
        locale,
      ).toEqual([]);
    }
  });
});
