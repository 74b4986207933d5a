import { beforeEach, describe, expect, it } from "vitest";
import { getActiveOperator, INVITE_LIFETIME_MS } from "../src/rules/people.js";
import { deactivate } from "../src/rules/team.js";
import { consoleForEachTest } from "./support/console.js";
import { addOperator } from "./support/team.js";

let offset = 0;
const ADA = 100;

const t = consoleForEachTest({ adminIds: [ADA], clock: () => Date.now() + offset });

beforeEach(async () => {
  offset = 0;
});

async function inviteLink(): Promise<string> {
  const ada = t.fake.user(ADA, "Ada");
  const before = t.fake.botMessages(ADA).length;
  t.fake.send(ada, { text: "/invite" });
  const reply = await t.fake.until(() =>
    t.fake
      .botMessages(ADA)
      .slice(before)
      .find((s) => s.message.text?.includes("t.me/")),
  );
  const link = /https:\/\/t\.me\/console_test_bot\?start=([\w-]+)/.exec(reply.message.text!);
  expect(link).not.toBeNull();
  return link![1]!;
}

describe("invites", () => {
  it("makes whoever opens the link an operator, and tells the admin", async () => {
    const code = await inviteLink();
    const dan = t.fake.user(300, "Dan");
    t.fake.send(dan, { text: `/start ${code}` });
    const welcome = await t.fake.until(() => t.fake.lastBotMessage(dan.id));
    expect(welcome.message.text).toContain("Welcome to the team, Dan");
    expect(getActiveOperator(t.app.db, dan.id)?.role).toBe("operator");
    await t.fake.until(() => t.fake.botMessages(ADA).find((s) => s.message.text?.includes("Dan joined the team")));
    // Dan's command menu is the operators' one, scoped to his chat.
    const scoped = t.fake.commands.get(JSON.stringify({ type: "chat", chat_id: dan.id })) as Array<{ command: string }>;
    expect(scoped.map((c) => c.command)).toContain("online");
    expect(scoped.map((c) => c.command)).not.toContain("invite");
  });

  it("brings a deactivated admin back as an operator, not as an admin", async () => {
    const zoe = t.fake.user(300, "Zoe");
    addOperator(t.app.db, zoe, { role: "admin" });
    expect(deactivate(t.app.db, ADA, zoe.id, t.app.deps.clock).ok).toBe(true);
    const code = await inviteLink();
    t.fake.send(zoe, { text: `/start ${code}` });
    const welcome = await t.fake.until(() => t.fake.botMessages(zoe.id).find((s) => s.message.text?.startsWith("Welcome")));
    expect(welcome.message.text).toContain("Welcome to the team, Zoe");
    expect(getActiveOperator(t.app.db, zoe.id)?.role).toBe("operator");
    const scoped = t.fake.commands.get(JSON.stringify({ type: "chat", chat_id: zoe.id })) as Array<{ command: string }>;
    expect(scoped.map((c) => c.command)).not.toContain("operators");
    t.fake.send(zoe, { text: "/operators" });
    await t.fake.until(() => t.fake.lastBotMessage(zoe.id)?.message.text === "Only an admin can do this.");
  });

  it("refuses a used link, and the second person stays a client", async () => {
    const code = await inviteLink();
    t.fake.send(t.fake.user(300, "Dan"), { text: `/start ${code}` });
    await t.fake.until(() => t.fake.lastBotMessage(300));
    const eve = t.fake.user(301, "Eve");
    t.fake.send(eve, { text: `/start ${code}` });
    const refusal = await t.fake.until(() => t.fake.lastBotMessage(eve.id));
    expect(refusal.message.text).toContain("already been used");
    expect(getActiveOperator(t.app.db, eve.id)).toBeUndefined();
  });

  it("refuses an expired link", async () => {
    const code = await inviteLink();
    offset = INVITE_LIFETIME_MS + 1000;
    const dan = t.fake.user(300, "Dan");
    t.fake.send(dan, { text: `/start ${code}` });
    const refusal = await t.fake.until(() => t.fake.lastBotMessage(dan.id));
    expect(refusal.message.text).toContain("expired");
    expect(getActiveOperator(t.app.db, dan.id)).toBeUndefined();
  });

  it("takes a code that is no invite for the link a client came through: greeted, not an operator", async () => {
    const dan = t.fake.user(300, "Dan");
    t.fake.send(dan, { text: "/start AAAAAAAAAAAAAAAAAAAAAA" });
    const hello = await t.fake.until(() => t.fake.lastBotMessage(dan.id));
    expect(hello.message.text).toMatch(/^Hello! /);
    expect(getActiveOperator(t.app.db, dan.id)).toBeUndefined();
  });

  it("does not let a client or a plain operator create invites", async () => {
    t.fake.user(ADA, "Ada");
    const carol = t.fake.user(500, "Carol");
    t.fake.send(carol, { text: "/invite" });
    // A client's /invite is a message to the team, answered by an operator.
    await t.fake.until(() => t.fake.botMessages(ADA).some((s) => s.message.text === "/invite"));
    expect(t.fake.botMessages(carol.id)).toHaveLength(0);
    const bob = t.fake.user(101, "Bob");
    addOperator(t.app.db, bob);
    t.fake.send(bob, { text: "/invite" });
    const toOperator = await t.fake.until(() => t.fake.lastBotMessage(bob.id));
    expect(toOperator.message.text).toContain("Only an admin");
    expect(t.app.db.$client.prepare("select count(*) n from invites").get()).toEqual({ n: 0 });
  });

  it("greets a client on /start without relaying it", async () => {
    const carol = t.fake.user(500, "Carol");
    t.fake.send(carol, { text: "/start" });
    const hello = await t.fake.until(() => t.fake.lastBotMessage(carol.id));
    expect(hello.message.text).toMatch(/^Hello!/);
    expect(t.fake.botMessages(ADA)).toHaveLength(0);
  });
});
