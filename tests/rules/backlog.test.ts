import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sealBacklog } from "../../src/rules/backlog.js";
import { recordClientEdit } from "../../src/rules/relay.js";
import { enqueue, failPendingTo, markFailed, markSent, pruneOutbox } from "../../src/rules/outbox.js";
import { assign } from "../../src/rules/responsibles.js";
import { rulesFixture, type RulesFixture } from "../support/rules-fixture.js";

const ADA = 100; // every chat
const BEN = 200; // new chats and his own
const CY = 300; // his own only

let f: RulesFixture;
beforeEach(() => {
  f = rulesFixture();
  f.operator(ADA, "Ada", { notifyFilter: "all", role: "admin" });
  f.operator(BEN, "Ben", { notifyFilter: "new_and_mine" });
  f.operator(CY, "Cy", { notifyFilter: "mine" });
  f.db.$client.prepare("INSERT INTO settings (key, value) VALUES ('backlogAfter', '3')").run();
});
afterEach(() => f.close());

type Row = { id: number; dest: number; kind: string; text: string | null; urgent: number };
const pendingRows = (dest: number): Row[] =>
  f.db.$client
    .prepare(
      "SELECT o.id, o.destination_chat_id dest, o.kind, m.text, o.urgent FROM outbox o LEFT JOIN messages m ON m.id = o.message_id WHERE o.status = 'pending' AND o.destination_chat_id = ? ORDER BY o.id",
    )
    .all(dest) as Row[];
const copiesTo = (dest: number) =>
  pendingRows(dest)
    .filter((r) => r.kind === "copy")
    .map((r) => r.text);
const backlogRows = (dest: number) => pendingRows(dest).filter((r) => r.kind === "backlog");
const sendAllTo = (dest: number) => {
  for (const r of pendingRows(dest)) {
    if (r.kind === "backlog") sealBacklog(f.db, r.id);
    markSent(f.db, r.id, f.clock);
  }
};

describe("an operator's queue past the backlog cap", () => {
  it("copies up to the cap, then one notice stands for other people's chats until delivery reaches it", () => {
    for (let i = 0; i < 8; i++) f.clientWrites(500 + i, `m${i}`);
    // Three copies fill the cap; the fourth message opens the notice, and nothing more is queued for them.
    expect(copiesTo(ADA)).toEqual(["m0", "m1", "m2"]);
    expect(copiesTo(BEN)).toEqual(["m0", "m1", "m2"]);
    expect(backlogRows(ADA)).toHaveLength(1);
    expect(pendingRows(ADA)).toHaveLength(4);
    // Every message is stored all the same.
    expect(f.db.$client.prepare("SELECT count(*) FROM messages").pluck().get()).toBe(8);

    // Delivery reaches the notice: it counts what it stands for, then and for good.
    const notice = backlogRows(ADA)[0]!.id;
    expect(sealBacklog(f.db, notice)).toEqual({ messages: 5, chats: 5 });
    f.clientWrites(600, "late");
    // The row keeps them, for a send that is retried.
    expect(f.outbox().find((r) => r.id === notice)!.payload).toEqual({
      type: "backlog",
      messages: 5,
      chats: 5,
      silent: false,
      sealed: true,
    });
  });

  it("keeps the operator's own chats coming, and counts only the chats the notice stands for", () => {
    const dora = f.clientWrites(499, "setup");
    expect(assign(f.db, dora.id, BEN, { operatorId: ADA }, f.clock).ok).toBe(true);
    sendAllTo(ADA);
    sendAllTo(BEN);
    for (let i = 0; i < 6; i++) f.clientWrites(500 + (i % 2), `m${i}`);
    f.clientWrites(499, "dora, Ben's own");
    expect(copiesTo(BEN)).toEqual(["m0", "m1", "m2", "dora, Ben's own"]);
    // Ada is on every chat and not Dora's responsible: Dora's message is in her notice.
    expect(copiesTo(ADA)).toEqual(["m0", "m1", "m2"]);
    expect(sealBacklog(f.db, backlogRows(ADA)[0]!.id)).toEqual({ messages: 4, chats: 3 });
    // Ben is on new chats and his own: Dora's chat is his, so his notice holds only the two new clients' messages.
    expect(sealBacklog(f.db, backlogRows(BEN)[0]!.id)).toEqual({ messages: 3, chats: 2 });
  });

  it("copies again once the operator has caught up, and opens a new notice while they are still behind", () => {
    for (let i = 0; i < 6; i++) f.clientWrites(500 + i, `m${i}`);
    const first = backlogRows(ADA)[0]!.id;
    sealBacklog(f.db, first);
    // Sealed but the copies before it still wait: still behind, so the next message opens the next notice.
    f.clientWrites(510, "still behind");
    expect(copiesTo(ADA)).toEqual(["m0", "m1", "m2"]);
    const [sealed, next] = backlogRows(ADA).map((r) => r.id);
    expect(sealed).toBe(first);
    expect(next).toBeGreaterThan(first);
    expect(sealBacklog(f.db, next!)).toEqual({ messages: 1, chats: 1 });

    sendAllTo(ADA);
    f.clientWrites(511, "caught up");
    expect(copiesTo(ADA)).toEqual(["caught up"]);
    expect(backlogRows(ADA)).toHaveLength(0);
  });

  it("counts what was held back when it was, whoever is responsible by the time the notice goes", () => {
    const dora = f.clientWrites(499, "setup");
    sendAllTo(ADA);
    sendAllTo(BEN);
    const chats = [500, 501, 502].map((id) => f.clientWrites(id, `m${id}`));
    // Ada and Ben are now behind; these are held back from both.
    f.clientWrites(499, "dora, held back");
    const held = [503, 504, 505].map((id) => f.clientWrites(id, `new ${id}`));
    // Colleagues take the chats meanwhile: Dora's to Ada herself, the new ones to Cy.
    expect(assign(f.db, dora.id, ADA, { operatorId: ADA }, f.clock).ok).toBe(true);
    for (const c of held) expect(assign(f.db, c.id, CY, { operatorId: ADA }, f.clock).ok).toBe(true);
    expect(chats).toHaveLength(3);
    expect(sealBacklog(f.db, backlogRows(ADA)[0]!.id)).toEqual({ messages: 4, chats: 4 });
    expect(sealBacklog(f.db, backlogRows(BEN)[0]!.id)).toEqual({ messages: 4, chats: 4 });
  });

  it("does not count a message the operator was sent, in a chat of their own at the time", () => {
    const dora = f.clientWrites(499, "setup");
    expect(assign(f.db, dora.id, ADA, { operatorId: ADA }, f.clock).ok).toBe(true);
    sendAllTo(ADA);
    for (let i = 0; i < 3; i++) f.clientWrites(500 + i, `m${i}`);
    f.clientWrites(499, "dora, Ada's own");
    f.clientWrites(503, "opens the notice");
    // Dora's chat goes to Ben: Ada was sent that message, so it is not in her notice.
    expect(assign(f.db, dora.id, BEN, { operatorId: ADA }, f.clock).ok).toBe(true);
    expect(copiesTo(ADA)).toEqual(["m0", "m1", "m2", "dora, Ada's own"]);
    expect(sealBacklog(f.db, backlogRows(ADA)[0]!.id)).toEqual({ messages: 1, chats: 1 });
  });

  it("does not send a folded operator news of other people's chats one by one (a client's edit)", () => {
    for (let i = 0; i < 4; i++) f.clientWrites(500 + i, `m${i}`);
    const before = pendingRows(ADA).length;
    const edited = f.db.$client.prepare("SELECT source_message_id FROM messages WHERE text = 'm3'").pluck().get() as number;
    expect(recordClientEdit(f.db, 503, edited, "m3, edited", f.clock)).toBe(true);
    expect(pendingRows(ADA)).toHaveLength(before);
    // Cy follows no such chat; Ben is folded too. Nobody is told of an edit to a message they were not sent.
    expect(f.outbox().filter((r) => r.payload.type === "notice")).toEqual([]);
  });

  it("puts a queue size gone wrong right at the next notice, instead of folding the operator for good", () => {
    for (let i = 0; i < 4; i++) f.clientWrites(500 + i, `m${i}`);
    f.db.$client.prepare("UPDATE operator_backlogs SET pending = 999 WHERE operator_id = ?").run(ADA);
    sendAllTo(ADA);
    f.clientWrites(510, "after");
    expect(copiesTo(ADA)).toEqual(["after"]);
  });

  it("forgets a notice that left the queue unsent, so copies resume", () => {
    for (let i = 0; i < 4; i++) f.clientWrites(500 + i, `m${i}`);
    failPendingTo(f.db, ADA, "blocked", f.clock);
    f.clientWrites(520, "after");
    expect(copiesTo(ADA)).toEqual(["after"]);
  });

  it("does nothing with the cap off", () => {
    f.db.$client.prepare("UPDATE settings SET value = '0' WHERE key = 'backlogAfter'").run();
    for (let i = 0; i < 8; i++) f.clientWrites(500 + i, `m${i}`);
    expect(copiesTo(ADA)).toHaveLength(8);
    expect(backlogRows(ADA)).toHaveLength(0);
  });

  it("does not let events and alerts count towards the cap, nor hold them back", () => {
    for (let i = 0; i < 3; i++)
      enqueue(f.db, { destinationChatId: ADA, urgent: true, payload: { type: "notice", text: "alert", silent: false } }, f.clock);
    f.clientWrites(500, "m0");
    expect(copiesTo(ADA)).toEqual(["m0"]);
  });
});

it("keeps each operator's queue size equal to their pending conversation rows, whatever moves them", () => {
  const counted = () =>
    f.db.$client.prepare("SELECT operator_id op, pending FROM operator_backlogs WHERE pending > 0 ORDER BY operator_id").all();
  const actual = () =>
    f.db.$client
      .prepare(
        "SELECT destination_chat_id op, count(*) pending FROM outbox WHERE status = 'pending' AND urgent = 0 AND destination = 'operator' GROUP BY destination_chat_id ORDER BY destination_chat_id",
      )
      .all();
  f.db.$client.prepare("UPDATE settings SET value = '0' WHERE key = 'backlogAfter'").run();
  for (let i = 0; i < 10; i++) f.clientWrites(500 + (i % 3), `m${i}`);
  enqueue(
    f.db,
    { destinationChatId: 777, destination: "client", payload: { type: "notice", text: "to a client", silent: false } },
    f.clock,
  );
  expect(counted()).toEqual(actual());
  const [a, b, c] = pendingRows(ADA);
  markSent(f.db, a!.id, f.clock);
  markFailed(f.db, b!.id, "gone", f.clock);
  f.db.$client.prepare("DELETE FROM outbox WHERE id = ?").run(c!.id);
  expect(counted()).toEqual(actual());
  expect(() =>
    f.db.transaction(() => {
      failPendingTo(f.db, BEN, "blocked", f.clock);
      throw new Error("undo");
    }),
  ).toThrow("undo");
  expect(counted()).toEqual(actual());
  failPendingTo(f.db, BEN, "blocked", f.clock);
  f.advance(8 * 24 * 60 * 60 * 1000);
  pruneOutbox(f.db, f.clock);
  expect(counted()).toEqual(actual());
  expect(counted()).toEqual([{ op: ADA, pending: 7 }]);
});
