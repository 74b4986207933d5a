import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getActiveOperator, INVITE_LIFETIME_MS } from "../src/rules/people.js";
import { FakeTelegram } from "./support/fake-telegram/server.js";
import { type RunningConsole, startConsole, tempDir } from "./support/console.js";
import { addOperator } from "./support/team.js";

let fake: FakeTelegram;
let dir: ReturnType<typeof tempDir>;
let app: RunningConsole;
let offset = 0;
const ADA = 100;

beforeEach(async () => {
  offset = 0;
  fake = await new FakeTelegram().start();
  dir = tempDir();
  app = await startConsole(fake, { dbPath: `${dir.path}/c.sqlite`, adminIds: [ADA], clock: () => Date.now() + offset });
});

afterEach(async () => {
  await app.stop();
  await fake.stop();
  dir.remove();
});

async function inviteLink(): Promise<string> {
  const ada = fake.user(ADA, "Ada");
  const before = fake.botMessages(ADA).length;
  fake.send(ada, { text: "/invite" });
  const reply = await fake.until(() => fake.botMessages(ADA).slice(before).find((s) => s.message.text?.includes("t.me/")));
  const link = /https:\/\/t\.me\/console_test_bot\?start=([\w-]+)/.exec(reply.message.text!);
  expect(link).not.toBeNull();
  return link![1]!;
}

describe("invites", () => {
  it("makes whoever opens the link an operator, and tells the admin", async () => {
    const code = await inviteLink();
    const dan = fake.user(300, "Dan");
    fake.send(dan, { text: `/start ${code}` });
    const welcome = await fake.until(() => fake.lastBotMessage(dan.id));
    expect(welcome.message.text).toContain("Welcome to the team, Dan");
    expect(getActiveOperator(app.db, dan.id)?.role).toBe("operator");
    await fake.until(() => fake.botMessages(ADA).find((s) => s.message.text?.includes("Dan joined the team")));
    // Dan's command menu is the operators' one, scoped to his chat.
    const scoped = fake.commands.get(JSON.stringify({ type: "chat", chat_id: dan.id })) as Array<{ command: string }>;
    expect(scoped.map((c) => c.command)).toContain("online");
    expect(scoped.map((c) => c.command)).not.toContain("invite");
  });

  it("refuses a used link, and the second person stays a client", async () => {
    const code = await inviteLink();
    fake.send(fake.user(300, "Dan"), { text: `/start ${code}` });
    await fake.until(() => fake.lastBotMessage(300));
    const eve = fake.user(301, "Eve");
    fake.send(eve, { text: `/start ${code}` });
    const refusal = await fake.until(() => fake.lastBotMessage(eve.id));
    expect(refusal.message.text).toContain("already been used");
    expect(getActiveOperator(app.db, eve.id)).toBeUndefined();
  });

  it("refuses an expired link", async () => {
    const code = await inviteLink();
    offset = INVITE_LIFETIME_MS + 1000;
    const dan = fake.user(300, "Dan");
    fake.send(dan, { text: `/start ${code}` });
    const refusal = await fake.until(() => fake.lastBotMessage(dan.id));
    expect(refusal.message.text).toContain("expired");
    expect(getActiveOperator(app.db, dan.id)).toBeUndefined();
  });

  it("refuses a made-up code", async () => {
    const dan = fake.user(300, "Dan");
    fake.send(dan, { text: "/start AAAAAAAAAAAAAAAAAAAAAA" });
    const refusal = await fake.until(() => fake.lastBotMessage(dan.id));
    expect(refusal.message.text).toContain("not valid");
    expect(getActiveOperator(app.db, dan.id)).toBeUndefined();
  });

  it("does not let a client or a plain operator create invites", async () => {
    const carol = fake.user(500, "Carol");
    fake.send(carol, { text: "/invite" });
    const toClient = await fake.until(() => fake.lastBotMessage(carol.id));
    expect(toClient.message.text).toContain("operators only");
    const bob = fake.user(101, "Bob");
    addOperator(app.db, bob);
    fake.send(bob, { text: "/invite" });
    const toOperator = await fake.until(() => fake.lastBotMessage(bob.id));
    expect(toOperator.message.text).toContain("Only an admin");
    expect(app.db.$client.prepare("select count(*) n from invites").get()).toEqual({ n: 0 });
  });

  it("greets a client on /start without relaying it", async () => {
    const carol = fake.user(500, "Carol");
    fake.send(carol, { text: "/start" });
    const hello = await fake.until(() => fake.lastBotMessage(carol.id));
    expect(hello.message.text).toMatch(/^Hello!/);
    expect(fake.botMessages(ADA)).toHaveLength(0);
  });
});
