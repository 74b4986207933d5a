import type { User } from "grammy/types";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createGroup } from "../src/rules/groups.js";
import { deactivate } from "../src/rules/team.js";
import type { Stored } from "./support/fake-telegram/world.js";
import { consoleForEachTest } from "./support/console.js";
import { checkInvariants } from "./support/invariants.js";
import { serveApi } from "./support/http.js";
import { addOperator } from "./support/team.js";

let server: Awaited<ReturnType<typeof serveApi>>;
let base = "";
const TOKEN = "race-token-0123456789abcdefghij";
const ADMIN = 100;
const OPS = [100, 101, 102, 103, 104];

const t = consoleForEachTest({ random: () => 0.5 });

beforeEach(async () => {
  for (const id of OPS) {
    addOperator(t.app.db, t.fake.user(id, `Op${id}`), {
      role: id === ADMIN ? "admin" : "operator",
      availability: "online",
      lastSeenOnlineAt: Date.now(),
    });
  }
  const group = createGroup(t.app.db, ADMIN, { name: "Sales", algorithm: "fewest_open", members: [102, 103] }, t.app.deps.clock);
  if (!group.ok) throw new Error("group");
  server = await serveApi(t.app, TOKEN);
  base = server.base;
});

afterEach(async () => {
  await server.close();
});

/** A small seeded generator, so a failing round can be replayed. */
function prng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x80000000;
  };
}

describe("racing operations keep one responsible", () => {
  it("fires 100 claims, assignments, replies, API calls and closes at once, round after round, and checks the invariants", async () => {
    const clients = [500, 501, 502, 503, 504].map((id) => t.fake.user(id, `Client${id}`));
    for (const c of clients) t.fake.send(c, { text: "hello" });
    t.fake.send(t.fake.user(600, "Gus"), { text: "group hello" }, { chat: { id: -100900, type: "supergroup", title: "Partners" } as any });
    await t.fake.until(() => OPS.every((op) => t.fake.botMessages(op).filter((s) => s.message.text?.startsWith("💬 #")).length >= 6));
    const random = prng(42);
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
    const user = (id: number) => t.fake.world.chat(id)!.chat as unknown as User;
    /** The newest card an operator holds for a chat, as it looks now. */
    const cardOf = (op: number, chatNumber: number): Stored | undefined =>
      t.fake
        .botMessages(op)
        .findLast((s) => s.message.text?.startsWith(`💬 #${chatNumber} `) || s.message.text?.includes(`\n💬 #${chatNumber} `));

    const rounds = process.env.SOAK === "1" ? 30 : 5;
    for (let round = 0; round < rounds; round++) {
      const queries: string[] = [];
      const requests: Array<Promise<number>> = [];
      for (let i = 0; i < 100; i++) {
        const op = pick(OPS.filter((id) => t.app.db.$client.prepare("select active from operators where id = ?").pluck().get(id) === 1));
        const chatNumber = 1 + Math.floor(random() * 6);
        const card = cardOf(op, chatNumber);
        const roll = random();
        if (roll < 0.45 && card) {
          const buttons = (card.message.reply_markup as any)?.inline_keyboard?.flat() ?? [];
          const button = buttons.length ? pick(buttons) : undefined;
          if (button && "callback_data" in button) queries.push(t.fake.press(user(op), card.message, String(button.callback_data)));
        } else if (roll < 0.6 && card) {
          t.fake.send(user(op), { text: `reply ${round}-${i}` }, { replyTo: card.message.message_id });
        } else if (roll < 0.65) {
          t.fake.send(pick(clients), { text: `client ${round}-${i}` });
        } else {
          const body = pick([{ operatorId: pick(OPS) }, { operatorId: null }, { groupId: 1 }]);
          requests.push(
            fetch(`${base}/api/chats/${chatNumber}/responsible`, {
              method: "PUT",
              headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
              body: JSON.stringify(body),
            }).then(async (r) => {
              await r.arrayBuffer();
              return r.status;
            }),
          );
        }
      }
      if (round === 2) deactivate(t.app.db, ADMIN, 104, t.app.deps.clock);
      const statuses = await Promise.all(requests);
      expect(
        statuses.every((s) => [200, 404, 409].includes(s)),
        JSON.stringify(statuses),
      ).toBe(true);
      await t.fake.until(() => t.fake.world.pendingUpdates() === 0 && queries.every((q) => t.fake.answered(q)), 30_000);
      checkInvariants(t.app.db);
    }
    // The rounds really contended: many changes of responsible went through, by every path.
    const hows = t.app.db.$client.prepare("select how, count(*) n from assignments group by how").all() as Array<{
      how: string;
      n: number;
    }>;
    expect(hows.map((h) => h.how)).toEqual(expect.arrayContaining(["api", "auto", "claim"]));
  }, 120_000);
});
