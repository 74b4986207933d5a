import { beforeEach, describe, expect, it } from "vitest";
import { getChatByTelegramId } from "../src/rules/chats.js";
import { pendingCount } from "../src/rules/outbox.js";
import { assign } from "../src/rules/responsibles.js";
import { button, labels } from "./support/buttons.js";
import { consoleForEachTest } from "./support/console.js";
import type { Stored } from "./support/fake-telegram/world.js";
import { addOperator } from "./support/team.js";

const ADMIN = 90;
const OP = 100;

// Telegram's pace into one chat, roughly: the queue is what the operator waits through.
const t = consoleForEachTest({ limits: { perSecond: 30, burst: 5, perChatPerSecond: 5, perChatBurst: 1 } });

beforeEach(() => {
  addOperator(t.app.db, t.fake.user(ADMIN, "Admin"), { role: "admin", notifyChannel: "off" });
  addOperator(t.app.db, t.fake.user(OP, "Olga"), { notifyFilter: "all" });
});

const text = (s: Stored) => s.message.text ?? s.message.caption ?? "";
const seen = () => t.fake.botMessages(OP).map(text);
const drained = () => t.fake.until(() => pendingCount(t.app.db) === 0, 30_000);
const stored = () => t.app.db.$client.prepare("SELECT count(*) FROM messages WHERE direction = 'in'").pluck().get() as number;

async function adminSays(command: string): Promise<string> {
  const before = t.fake.botMessages(ADMIN).length;
  t.fake.send(t.fake.user(ADMIN, "Admin"), { text: command });
  await t.fake.until(() => t.fake.botMessages(ADMIN).length > before);
  return text(t.fake.botMessages(ADMIN).at(-1)!);
}

/** New clients write at once: one getUpdates batch, stored before delivery sends anything. */
function burst(count = 30): void {
  for (let i = 0; i < count; i++) t.fake.send(t.fake.user(1_000 + i, `Client${i}`), { text: `hello ${i}` });
}

describe("an operator far behind gets one notice for other people's chats", () => {
  it("sends copies up to the cap, then one notice with the counts, then copies again once caught up", async () => {
    expect(await adminSays("/backlog 10")).toBe("The queue cap is now 10 messages.");
    burst();
    await t.fake.until(() => stored() === 30);
    await drained();

    const copies = seen().filter((s) => s.startsWith("hello"));
    expect(copies).toEqual(Array.from({ length: 10 }, (_, i) => `hello ${i}`));
    const notices = seen().filter((s) => s.startsWith("📥"));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain("20 more messages in 20 chats");
    // It comes after everything that was queued before it.
    expect(seen().at(-1)).toBe(notices[0]);

    // Its button opens the chat list in its place.
    const notice = t.fake.botMessages(OP).at(-1)!;
    t.fake.press(t.fake.user(OP, "Olga"), notice.message, button(notice, "Open chats"));
    await t.fake.until(() => text(t.fake.botMessages(OP).at(-1)!).startsWith("Chats ("));

    // Caught up: the next client's message is a copy again, under its chat's card, even from the last chat shown.
    t.fake.send(t.fake.user(1_009, "Client9"), { text: "after the burst" });
    await t.fake.until(() => seen().includes("after the burst"));
    expect(seen().at(-2)).toMatch(/^💬 #\d+ · Client9/);
  });

  it("still sends the operator's own chats, and leaves them out of the notice", async () => {
    expect(await adminSays("/backlog 10")).toBe("The queue cap is now 10 messages.");
    const dora = t.fake.user(3_000, "Dora");
    t.fake.send(dora, { text: "setup" });
    await t.fake.until(() => getChatByTelegramId(t.app.db, dora.id) !== undefined);
    expect(assign(t.app.db, getChatByTelegramId(t.app.db, dora.id)!.id, OP, { operatorId: ADMIN }, t.app.deps.clock).ok).toBe(true);
    t.app.worker.kick();
    await drained();

    burst();
    t.fake.send(dora, { text: "Dora, in her own chat" });
    await t.fake.until(() => stored() === 32);
    await drained();
    expect(seen()).toContain("Dora, in her own chat");
    expect(seen().filter((s) => s.startsWith("hello"))).toHaveLength(10);
    expect(seen().filter((s) => s.startsWith("📥"))).toEqual([expect.stringContaining("20 more messages in 20 chats")]);
  });

  it("is off by /backlog off, and refuses values that make no sense", async () => {
    expect(await adminSays("/backlog 5")).toBe(
      "The queue cap is 120 messages. Use /backlog N (messages still to be sent to one operator, 10 to 10000) or /backlog off.",
    );
    expect(await adminSays("/backlog 10")).toBe("The queue cap is now 10 messages.");
    expect(await adminSays("/backlog off")).toBe("The queue cap is now off.");
    burst(15);
    await t.fake.until(() => stored() === 15);
    await drained();
    expect(seen().filter((s) => s.startsWith("hello"))).toHaveLength(15);
    expect(seen().filter((s) => s.startsWith("📥"))).toEqual([]);
  });
  it("steps through the cap from /settings, and back to off after the largest", async () => {
    await adminSays("/settings");
    const menu = () => t.fake.botMessages(ADMIN).at(-1)!;
    const capLabel = () => labels(menu()).find((l) => l.startsWith("📥"));
    expect(capLabel()).toBe("📥 Queue cap: 120 messages");
    const press = async (expected: string) => {
      t.fake.press(t.fake.user(ADMIN, "Admin"), menu().message, button(menu(), "Queue cap"));
      await t.fake.until(() => capLabel() === expected);
    };
    await press("📥 Queue cap: 300 messages");
    await press("📥 Queue cap: 600 messages");
    await press("📥 Queue cap: off");
    await press("📥 Queue cap: 30 messages");
    expect(t.app.db.$client.prepare("SELECT value FROM settings WHERE key = 'backlogAfter'").pluck().get()).toBe("30");
  });
});
