import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getChat } from "../../src/rules/chats.js";
import { assignToGroup, createGroup } from "../../src/rules/groups.js";
import { resolveHeldReply } from "../../src/rules/held-replies.js";
import { recordOperatorReply } from "../../src/rules/replies.js";
import { assign, claim, closeChat, reopenChat, setResponsibleEnabled } from "../../src/rules/responsibles.js";
import { setSetting } from "../../src/rules/settings.js";
import { deactivate, setAvailability } from "../../src/rules/team.js";
import { rescueChat, watchdogTick } from "../../src/rules/watchdog.js";
import { checkInvariants } from "../support/invariants.js";
import { rulesFixture, type RulesFixture } from "../support/rules-fixture.js";

const ADMIN = 1;
const OPS = [1, 2, 3, 4];
const CLIENTS = [501, 502, 503, -900]; // the last one is a group chat

const op = fc.constantFrom(...OPS);
const chat = fc.integer({ min: 0, max: CLIENTS.length - 1 });
const command = fc.oneof(
  fc.record({ k: fc.constant("write" as const), chat }),
  fc.record({
    k: fc.constant("reply" as const),
    op,
    chat,
    choice: fc.constantFrom("take_over" as const, "send_anyway" as const, "cancel" as const),
  }),
  fc.record({ k: fc.constant("claim" as const), op, chat }),
  fc.record({ k: fc.constant("assign" as const), op, chat, to: fc.option(op) }),
  fc.record({ k: fc.constant("api" as const), chat, to: fc.option(op) }),
  fc.record({ k: fc.constant("group" as const), op, chat }),
  fc.record({ k: fc.constant("close" as const), op, chat }),
  fc.record({ k: fc.constant("reopen" as const), op, chat }),
  fc.record({ k: fc.constant("switch" as const), op, chat, on: fc.boolean() }),
  fc.record({ k: fc.constant("deactivate" as const), op: fc.constantFrom(3, 4) }),
  fc.record({ k: fc.constant("available" as const), op, online: fc.boolean() }),
  fc.record({ k: fc.constant("time" as const), minutes: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ k: fc.constant("rescue" as const), op, chat }),
  fc.record({ k: fc.constant("reset" as const), on: fc.boolean() }),
);
type Command = typeof command extends fc.Arbitrary<infer T> ? T : never;

function run(f: RulesFixture, c: Command, chatIds: number[]): void {
  const id = chatIds[c.k === "write" || "chat" in c ? (c as { chat: number }).chat : 0]!;
  switch (c.k) {
    case "write":
      f.clientWrites(CLIENTS[c.chat]!, "again", CLIENTS[c.chat]! < 0);
      return;
    case "reply": {
      const outcome = recordOperatorReply(
        f.db,
        {
          operatorId: c.op,
          telegramMessageId: f.nextTelegramId(),
          replyToTelegramMessageId: f.cardFor(c.op, id),
          kind: "text",
          text: "hi",
        },
        f.clock,
      );
      if (outcome.status === "held") resolveHeldReply(f.db, outcome.heldId, c.op, c.choice, f.clock);
      return;
    }
    case "claim":
      claim(f.db, id, c.op, f.clock);
      return;
    case "assign":
      assign(f.db, id, c.to, { operatorId: c.op }, f.clock);
      return;
    case "api":
      assign(f.db, id, c.to, { api: true }, f.clock);
      return;
    case "group":
      assignToGroup(f.db, id, 1, { operatorId: c.op }, f.clock, () => 0.5);
      return;
    case "close":
      closeChat(f.db, id, c.op, f.clock);
      return;
    case "reopen":
      reopenChat(f.db, id, c.op, f.clock);
      return;
    case "switch":
      setResponsibleEnabled(f.db, id, c.on, c.op, f.clock);
      return;
    case "deactivate":
      deactivate(f.db, ADMIN, c.op, f.clock);
      return;
    case "available":
      setAvailability(f.db, c.op, c.online ? "online" : "away", f.clock, () => 0.5);
      return;
    case "time":
      f.advance(c.minutes * 60_000);
      watchdogTick(f.db, f.clock);
      return;
    case "rescue":
      rescueChat(f.db, id, c.op, f.clock);
      return;
    case "reset":
      setSetting(f.db, ADMIN, "resetOnClose", c.on);
      return;
  }
}

describe("the rules keep their promises under any sequence of operations", () => {
  it("one active responsible at most, never on a group chat or a switched-off chat, always matching the record", () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 40 }), (commands) => {
        const f = rulesFixture();
        try {
          f.operator(ADMIN, "Admin", { role: "admin" });
          for (const id of OPS.slice(1)) f.operator(id, `Op${id}`);
          const made = createGroup(f.db, ADMIN, { name: "Sales", algorithm: "round_robin", members: [2, 3] }, f.clock);
          if (!made.ok) throw new Error("group");
          const chatIds = CLIENTS.map((c) => f.clientWrites(c, "first", c < 0).id);
          for (const c of commands) {
            run(f, c, chatIds);
            checkInvariants(f.db);
          }
          expect(chatIds.every((id) => getChat(f.db, id))).toBe(true);
        } finally {
          f.close();
        }
      }),
      {
        // Everyday runs replay the same sequences (a red build is then a real regression); `npm run soak` explores.
        numRuns: process.env.SOAK === "1" ? 2_000 : 300,
        ...(process.env.SOAK === "1" ? {} : { seed: 20261126 }),
        // Sequences that once broke a promise, kept so they never do again.
        examples: [
          [
            [
              { k: "deactivate", op: 3 },
              { k: "reply", op: 3, chat: 0, choice: "take_over" },
              { k: "api", chat: 0, to: 1 },
            ],
          ],
          [
            [
              { k: "deactivate", op: 4 },
              { k: "time", minutes: 10 },
              { k: "rescue", op: 4, chat: 0 },
            ],
          ],
        ],
      },
    );
  }, 180_000); // 300 sequences on real SQLite files: 20 s alone, over a minute on a shared, loaded machine
});
