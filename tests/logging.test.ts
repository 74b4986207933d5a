import type { User } from "grammy/types";
import { beforeEach, describe, expect, it } from "vitest";
import { consoleForEachTest } from "./support/console.js";
import { addOperator } from "./support/team.js";
import { setRole } from "../src/rules/team.js";

const ADA = 100;
const OLI = 101;
const STRANGER = 900;

/** The console's log, one parsed JSON object per line, as the production logger writes it. */
let lines: Array<Record<string, any>> = [];
const logTo = { write: (line: string) => void lines.push(JSON.parse(line)) };
beforeEach(() => {
  lines = [];
});

const t = consoleForEachTest({ logTo });

const INFO = 30;
const WARN = 40;
const ERROR = 50;

/** A bot message in the person's own chat, to press forged data on, as a client would find one. */
async function botMessageFor(person: User) {
  const before = t.fake.botMessages(person.id).length;
  t.fake.send(person, { text: "/help" });
  return (await t.fake.until(() => t.fake.botMessages(person.id)[before])).message;
}

describe("the log tells who was refused what, and which update failed where", () => {
  it("writes an info line with the update, the person and the reason for a refused forged callback", async () => {
    addOperator(t.app.db, t.fake.user(ADA, "Ada"), { role: "admin" });
    const oli = t.fake.user(OLI, "Oli");
    addOperator(t.app.db, oli);
    const stranger = t.fake.user(STRANGER, "Sam");
    t.fake.send(stranger, { text: "hello" });
    for (const [person, reason] of [
      [stranger, "not_operator"],
      [oli, "not_admin"],
    ] as const) {
      const id = person.id;
      const onScreen = await botMessageFor(person);
      const q = t.fake.press(person, onScreen, "roster/0/0//h0");
      await t.fake.until(() => t.fake.answered(q));
      const refusal = await t.fake.until(() => lines.find((l) => l.msg === "refused" && l.person === id));
      expect(refusal).toMatchObject({ level: INFO, person: id, chat: id, reason, attempted: "button roster/0/0//h0" });
      expect(refusal.update_id).toEqual(expect.any(Number));
      // The operator is bound once identity knows them; a stranger is none.
      expect(refusal.operator).toBe(id === OLI ? OLI : undefined);
    }
    // Clients' words stay out of the log.
    expect(JSON.stringify(lines)).not.toContain("hello");
  });

  it("logs a feature's failure with the update and the feature, and still keeps the update for retry", async () => {
    const ada = t.fake.user(ADA, "Ada");
    addOperator(t.app.db, ada, { role: "admin" });
    // Telegram fails the answer to /help: the handler throws.
    t.fake.fault({
      method: "sendMessage",
      chatId: ADA,
      times: 1,
      kind: { type: "error", code: 500, description: "Internal Server Error" },
    });
    t.fake.send(ada, { text: "/help" });
    const kept = await t.fake.until(
      () => t.app.db.$client.prepare("select payload from failed_updates").get() as { payload: string } | undefined,
    );
    const updateId = JSON.parse(kept.payload).update_id;
    const failure = await t.fake.until(() => lines.find((l) => l.level === ERROR && l.update_id === updateId));
    expect(failure).toMatchObject({ msg: "feature failed", feature: "start", chat: ADA, operator: ADA });
    expect(failure.err.message).toContain("Internal Server Error");
    // A failed Bot API call carries the text it tried to send: that payload is not logged.
    expect(failure.err.payload).toBeUndefined();
    // The safety net notes the retry without logging the stack a second time.
    expect(lines.filter((l) => l.update_id === updateId && l.err)).toHaveLength(1);
    expect(lines.find((l) => l.update_id === updateId && l.msg === "update kept for retry")).toMatchObject({ level: WARN });
  });

  it("logs once that a dialogue refused an admin demoted meanwhile", async () => {
    const ada = t.fake.user(ADA, "Ada");
    addOperator(t.app.db, ada, { role: "admin" });
    addOperator(t.app.db, t.fake.user(OLI, "Oli"), { role: "admin" });
    t.fake.send(ada, { text: "/newgroup" });
    await t.fake.until(() => t.fake.botMessages(ADA).some((s) => s.message.text?.startsWith("New group.")));
    expect(setRole(t.app.db, OLI, ADA, "operator").ok).toBe(true);
    t.fake.send(ada, { text: "Sales" });
    await t.fake.until(() => t.fake.botMessages(ADA).some((s) => s.message.text?.startsWith("You are no longer an admin")));
    const refusals = await t.fake.until(() => lines.filter((l) => l.msg === "refused"));
    expect(refusals).toEqual([
      expect.objectContaining({
        level: INFO,
        person: ADA,
        chat: ADA,
        reason: "not_admin",
        attempted: "new group",
        update_id: expect.any(Number),
      }),
    ]);
    // The group's name is the admin's words in a dialogue: not logged either.
    expect(JSON.stringify(lines)).not.toContain("Sales");
  });
});
