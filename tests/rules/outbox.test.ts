import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  anyPendingAfter,
  enqueue,
  enqueueMany,
  getOutboxRow,
  markFailed,
  markSent,
  OUTBOX_RETENTION_MS,
  pendingAfter,
  pruneOutbox,
} from "../../src/rules/outbox.js";
import { rulesFixture, type RulesFixture } from "../support/rules-fixture.js";

let f: RulesFixture;
beforeEach(() => {
  f = rulesFixture();
});
afterEach(() => f.close());

const notice = (text: string) => ({ destinationChatId: 7, payload: { type: "notice" as const, text, silent: false } });

describe("pruning finished deliveries", () => {
  it("deletes sent and failed rows past the retention, never pending ones, in batches", () => {
    ["a", "b", "c", "d"].forEach((t) => {
      enqueue(f.db, notice(t), f.clock);
    });
    const ids = f.outbox().map((r) => r.id);
    markSent(f.db, ids[0]!, f.clock);
    markFailed(f.db, ids[1]!, "refused", f.clock);
    markSent(f.db, ids[3]!, f.clock);
    f.advance(OUTBOX_RETENTION_MS - 1000);
    expect(pruneOutbox(f.db, f.clock)).toBe(0);
    f.advance(2000);
    expect(pruneOutbox(f.db, f.clock, 1)).toBe(1);
    expect(pruneOutbox(f.db, f.clock, 1)).toBe(1);
    expect(pruneOutbox(f.db, f.clock, 1)).toBe(0);
    // The pending row stays, and so does the newest row even though it is finished and old.
    expect(f.outbox().map((r) => [r.id, r.status])).toEqual([
      [ids[2], "pending"],
      [ids[3], "sent"],
    ]);
    // Ids keep growing after a prune: the worker finds new rows by id.
    enqueue(f.db, notice("e"), f.clock);
    expect(f.outbox().at(-1)!.id).toBeGreaterThan(ids[3]!);
  });
});

describe("finding pending rows", () => {
  it("reads the pending rows' index, so finished rows after the last loaded one are never walked", () => {
    ["a", "b", "c", "d", "e"].forEach((t) => {
      enqueue(f.db, notice(t), f.clock);
    });
    const ids = f.outbox().map((r) => r.id);
    for (const id of [ids[0]!, ids[1]!, ids[3]!]) markSent(f.db, id, f.clock);
    expect(pendingAfter(f.db, 0, 10).map((r) => r.id)).toEqual([ids[2], ids[4]]);
    expect(pendingAfter(f.db, ids[2]!, 10).map((r) => r.id)).toEqual([ids[4]]);
    expect(pendingAfter(f.db, ids[4]!, 10)).toEqual([]);
    // By the rowid, a bot with millions of finished rows and nothing pending read them all about once a second.
    const plan = f.db.$client
      .prepare("EXPLAIN QUERY PLAN SELECT id FROM outbox INDEXED BY outbox_pending WHERE id > ? AND status = 'pending' ORDER BY id LIMIT ?")
      .all(0, 10) as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(" ")).toContain("outbox_pending");
  });
});

describe("the worker's reads", () => {
  it("reads a row by id exactly as the table holds it (every column, JSON and flags)", () => {
    enqueueMany(
      f.db,
      [
        {
          destinationChatId: 7,
          payload: { type: "notice", text: "a", silent: true },
          chatId: 3,
          messageId: 5,
          urgent: true,
          gatherKey: "g",
        },
        { destinationChatId: 8, destination: "client", payload: { type: "notice", text: "b", silent: false }, cardFirst: true },
      ],
      f.clock,
    );
    const [first, second] = f.outbox();
    markFailed(f.db, second!.id, "refused", f.clock);
    for (const row of f.outbox()) expect(getOutboxRow(f.db, row.id)).toEqual(row);
    expect(getOutboxRow(f.db, first!.id)?.urgent).toBe(true);
    expect(getOutboxRow(f.db, 999)).toBeUndefined();
  });

  it("tells whether any pending row was written after an id", () => {
    enqueue(f.db, notice("a"), f.clock);
    enqueue(f.db, notice("b"), f.clock);
    const [a, b] = f.outbox().map((r) => r.id);
    expect(anyPendingAfter(f.db, 0)).toBe(true);
    expect(anyPendingAfter(f.db, b!)).toBe(false);
    markSent(f.db, b!, f.clock);
    expect(anyPendingAfter(f.db, a!)).toBe(false);
    expect(pendingAfter(f.db, 0, 10).map((r) => r.id)).toEqual([a]);
  });
});
