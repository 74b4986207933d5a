import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  dueFailedUpdates,
  forgetFailedUpdate,
  keepFailedUpdate,
  MAX_ATTEMPTS,
  recordFailedAttempt,
} from "../../src/rules/failed-updates.js";
import { rulesFixture, type RulesFixture } from "../support/rules-fixture.js";

let f: RulesFixture;
beforeEach(() => {
  f = rulesFixture();
});
afterEach(() => f.close());

const update = (id: number) => ({
  update_id: id,
  message: {
    message_id: 1,
    date: 0,
    chat: { id: 5, type: "private" as const, first_name: "C" },
    from: { id: 5, is_bot: false, first_name: "C" },
    text: "hi",
  },
});

describe("updates kept after a failed handling", () => {
  it("come due after a few seconds, oldest first, with the update as Telegram sent it", () => {
    keepFailedUpdate(f.db, update(1), "Error: boom", f.clock);
    keepFailedUpdate(f.db, update(2), "Error: boom", f.clock);
    expect(dueFailedUpdates(f.db, f.clock)).toEqual([]);
    f.advance(5_000);
    const due = dueFailedUpdates(f.db, f.clock);
    expect(due.map((r) => r.payload.update_id)).toEqual([1, 2]);
    expect(due[0]!.payload).toEqual(update(1));
    forgetFailedUpdate(f.db, due[0]!.id);
    expect(dueFailedUpdates(f.db, f.clock).map((r) => r.payload.update_id)).toEqual([2]);
  });

  it("wait twice as long after each failed attempt and are given up (but kept) after the last", () => {
    keepFailedUpdate(f.db, update(1), "first", f.clock);
    f.advance(5_000);
    const waits: number[] = [];
    let outcome: "retry" | "given_up" = "retry";
    for (let attempt = 1; outcome === "retry"; attempt++) {
      const [row] = dueFailedUpdates(f.db, f.clock);
      outcome = recordFailedAttempt(f.db, row!, `attempt ${attempt}`, f.clock);
      const next = f.db.$client.prepare("select next_attempt_at n from failed_updates").get() as { n: number };
      waits.push(next.n - f.clock());
      if (outcome === "retry") f.advance(next.n - f.clock());
    }
    expect(waits.slice(0, -1)).toEqual([20_000, 40_000, 80_000]);
    expect(waits.at(-1)).toBeGreaterThan(1e15);
    f.advance(365 * 86_400_000);
    expect(dueFailedUpdates(f.db, f.clock)).toEqual([]);
    expect(f.db.$client.prepare("select attempts, error from failed_updates").get()).toEqual({
      attempts: MAX_ATTEMPTS,
      error: "attempt 4",
    });
  });

  it("keep what the attempts got through to Telegram, the record growing with each failed attempt", () => {
    const text = { method: "sendMessage", target: "chat_id=5", result: { message_id: 7 } };
    const chart = { method: "sendPhoto", target: "chat_id=5", result: { message_id: 8 } };
    keepFailedUpdate(f.db, update(1), "first", f.clock, [text]);
    keepFailedUpdate(f.db, update(2), "first", f.clock);
    f.advance(5_000);
    const [one, two] = dueFailedUpdates(f.db, f.clock);
    expect(one!.sentCalls).toEqual([text]);
    expect(two!.sentCalls).toEqual([]);
    recordFailedAttempt(f.db, one!, "second", f.clock, [text, chart]);
    // A caller with nothing to add (the record could not be taken) leaves it as it was.
    recordFailedAttempt(f.db, two!, "second", f.clock);
    f.advance(20_000);
    expect(dueFailedUpdates(f.db, f.clock).map((r) => r.sentCalls)).toEqual([[text, chart], []]);
  });
});
