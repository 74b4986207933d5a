import { afterEach, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { tempDir } from "../support/console.js";

const dir = tempDir();
afterEach(() => dir.remove());

// Rows kept in step by triggers: the search index's edits and deletes, the report's roll-up, the operators' change
// mark behind the recipients kept in memory, each operator's queue size behind the backlog cap. A table rebuilt by
// a later migration (drizzle-kit rebuilds a table to change a column or a key) loses its triggers with the old
// table; without them the roll-up and the index drift and the console notifies operators from a stale list,
// silently. So their absence must fail here.
it("keeps every trigger the console relies on after all migrations", () => {
  const db = openDatabase(`${dir.path}/console.sqlite`);
  try {
    const triggers = db.$client.prepare("SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger' ORDER BY name").all();
    expect(triggers).toEqual([
      { name: "chats_fts_delete", tbl_name: "chats" },
      { name: "chats_fts_update", tbl_name: "chats" },
      { name: "messages_fts_delete", tbl_name: "messages" },
      { name: "messages_fts_update", tbl_name: "messages" },
      { name: "operator_backlog_deleted", tbl_name: "outbox" },
      { name: "operator_backlog_done", tbl_name: "outbox" },
      { name: "operator_backlog_queued", tbl_name: "outbox" },
      { name: "operator_backlog_requeued", tbl_name: "outbox" },
      { name: "operators_mark_delete", tbl_name: "operators" },
      { name: "operators_mark_insert", tbl_name: "operators" },
      { name: "operators_mark_update", tbl_name: "operators" },
      { name: "report_days_assignment", tbl_name: "assignments" },
      { name: "report_days_closure", tbl_name: "closures" },
      { name: "report_days_message", tbl_name: "messages" },
      { name: "report_hours_assignment", tbl_name: "assignments" },
      { name: "report_hours_closure", tbl_name: "closures" },
      { name: "report_hours_message", tbl_name: "messages" },
    ]);
  } finally {
    db.$client.close();
  }
});
