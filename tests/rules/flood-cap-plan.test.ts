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
it("finds a chat's fold notices and unsent copies through the flood cap's index, never by scanning the outbox", () => {
  dir = mkdtempSync(join(tmpdir(), "flood-plan-"));
  db = openDatabase(join(dir, "db.sqlite"));
  for (const sql of Object.values(FLOOD_CAP_QUERIES)) {
    const plan = db.$client.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(1) as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join("; ")).toMatch(/USING (COVERING )?INDEX outbox_chat_backlog \(chat_id=\? AND kind=\?\)/);
  }
});
