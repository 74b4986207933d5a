import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { type Db, openDatabase } from "../../src/db/client.js";
import { FLOOD_CAP_QUERIES } from "../../src/rules/folds.js";

let dir: string | undefined;
let db: Db | undefined;
afterEach(() => {
  db?.$client.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// Run for every client message: a scan of all pending rows here cost 3 ms a message in a flood. The plan, not a
// timing, is what can be checked without a clock.
it("finds a chat's fold notices and unsent copies through indexes, never by scanning the outbox", () => {
  dir = mkdtempSync(join(tmpdir(), "flood-plan-"));
  db = openDatabase(join(dir, "db.sqlite"));
  const plan = (sql: string) =>
    (db!.$client.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(1) as Array<{ detail: string }>).map((p) => p.detail).join("; ");
  expect(plan(FLOOD_CAP_QUERIES.unsentCopies)).toMatch(/USING (COVERING )?INDEX outbox_chat_backlog \(chat_id=\? AND kind=\?\)/);
  const folds = plan(FLOOD_CAP_QUERIES.openFolds);
  expect(folds).toMatch(/SEARCH f USING INDEX sqlite_autoindex_open_folds_1 \(chat_id=\?\)/);
  expect(folds).toMatch(/SEARCH o USING INTEGER PRIMARY KEY/);
  expect(folds).not.toMatch(/SCAN/);
});
