import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { expect, it } from "vitest";

// drizzle applies a migration only when its journal time is later than the last applied one's: a migration merged
// from a branch with an earlier time than the one before it would be skipped on every database already past that.
it("has every migration's time later than the one before it, so none is skipped on an upgrade", () => {
  const journal = JSON.parse(readFileSync(resolve(import.meta.dirname, "../migrations/meta/_journal.json"), "utf8")) as {
    entries: Array<{ idx: number; when: number; tag: string }>;
  };
  const outOfOrder = journal.entries.filter((e, i) => i > 0 && e.when <= journal.entries[i - 1]!.when).map((e) => e.tag);
  expect(outOfOrder).toEqual([]);
  expect(journal.entries.map((e) => e.idx)).toEqual(journal.entries.map((_, i) => i));
});
