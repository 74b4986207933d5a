import { afterEach, beforeEach, expect, it } from "vitest";
import { HeldRows } from "../../src/delivery/held-rows.js";
import { type Enqueue, enqueueMany, markSent } from "../../src/rules/outbox.js";
import { rulesFixture, type RulesFixture } from "../support/rules-fixture.js";

let f: RulesFixture;
beforeEach(() => {
  f = rulesFixture();
});
afterEach(() => f.close());

const copy = (dest: number, chatId: number, n: number): Enqueue => ({
  destinationChatId: dest,
  chatId,
  payload: { type: "notice", text: `${chatId}:${n}`, silent: false },
});
const alert = (dest: number): Enqueue => ({
  destinationChatId: dest,
  urgent: true,
  payload: { type: "notice", text: "alert", silent: false },
});
const textOf = (id: number) =>
  (f.db.$client.prepare("select payload from outbox where id = ?").get(id) as { payload: string }).payload.match(/"text":"([^"]+)"/)![1]!;

/**
 * One send per destination per round, as the pacer allows; what each destination received, in order. At most
 * `bound` rows held: the window, and one row of each chat that had none held nor skipped.
 */
function sendRound(held: HeldRows, sent: Map<number, string[]>, bound = 4): number {
  held.load();
  let count = 0;
  for (const [dest, queue] of held.queues) {
    expect(queue.size).toBeLessThanOrEqual(bound);
    const head = queue.next(f.clock());
    if (typeof head === "number") continue;
    markSent(f.db, head.id, f.clock);
    queue.remove(head);
    sent.set(dest, [...(sent.get(dest) ?? []), textOf(head.id)]);
    count++;
  }
  return count;
}

it("holds a few rows per destination, reads the rest again in order as they are sent, and never loses or repeats one", () => {
  const held = new HeldRows(f.db, 4);
  // Destination 7: two chats' rows interleaved, far more than its window; destination 8: a few.
  const rows: Enqueue[] = [];
  for (let n = 0; n < 12; n++) rows.push(copy(7, 1, n), copy(7, 2, n));
  for (let n = 0; n < 3; n++) rows.push(copy(8, 3, n));
  enqueueMany(f.db, rows, f.clock);
  const sent = new Map<number, string[]>();
  held.load();
  expect(held.queues.get(7)!.size).toBe(4);
  expect(held.queues.get(8)!.size).toBe(3);
  sendRound(held, sent);
  sendRound(held, sent);
  // While 7 is behind, an alert for it is held at once and goes before its conversation rows; rows written
  // meanwhile wait their turn behind the ones skipped earlier.
  enqueueMany(f.db, [alert(7), copy(7, 1, 12), copy(8, 3, 3)], f.clock);
  sendRound(held, sent);
  expect(sent.get(7)!.at(-1)).toBe("alert");
  while (sendRound(held, sent) > 0);
  expect(f.db.$client.prepare("select count(*) n from outbox where status = 'pending'").get()).toEqual({ n: 0 });
  const to7 = sent.get(7)!.filter((t) => t !== "alert");
  expect(to7).toHaveLength(25);
  expect(new Set(to7).size).toBe(25);
  for (const chat of [1, 2]) {
    const order = to7.filter((t) => t.startsWith(`${chat}:`)).map((t) => Number(t.split(":")[1]));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  }
  expect(sent.get(8)).toEqual(["3:0", "3:1", "3:2", "3:3"]);
});

it("lets another chat's message take its turn when backlogs fill the window, not after half of it was sent", () => {
  const held = new HeldRows(f.db, 4);
  const flood: Enqueue[] = [];
  for (let n = 0; n < 20; n++) flood.push(copy(7, 1, n));
  enqueueMany(f.db, flood, f.clock);
  const sent = new Map<number, string[]>();
  sendRound(held, sent, 5);
  // Another client writes while the first one's backlog fills the window: their first two messages.
  enqueueMany(f.db, [copy(7, 2, 0), copy(7, 2, 1)], f.clock);
  for (let round = 0; round < 6; round++) sendRound(held, sent, 5);
  // Chat 1's turn runs out after five, then chat 2's first message goes (its second waits for the refill).
  expect(sent.get(7)!.slice(0, 7)).toEqual(["1:0", "1:1", "1:2", "1:3", "1:4", "2:0", "1:5"]);
  while (sendRound(held, sent, 5) > 0);
  const to7 = sent.get(7)!;
  expect(to7).toHaveLength(22);
  expect(new Set(to7).size).toBe(22);
  for (const chat of [1, 2]) {
    const order = to7.filter((t) => t.startsWith(`${chat}:`)).map((t) => Number(t.split(":")[1]));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  }
  expect(f.db.$client.prepare("select count(*) n from outbox where status = 'pending'").get()).toEqual({ n: 0 });
});
