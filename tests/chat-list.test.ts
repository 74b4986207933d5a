import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeTelegram } from "./support/fake-telegram/server.js";
import type { Stored } from "./support/fake-telegram/world.js";
import { button, labels } from "./support/buttons.js";
import { type RunningConsole, startConsole, tempDir } from "./support/console.js";
import { addOperator } from "./support/team.js";
import { claim } from "../src/rules/responsibles.js";

let fake: FakeTelegram;
let dir: ReturnType<typeof tempDir>;
let app: RunningConsole;
const ADA = 100;
const ANN = 101;

beforeEach(async () => {
  fake = await new FakeTelegram().start();
  dir = tempDir();
  app = await startConsole(fake, { dbPath: `${dir.path}/c.sqlite` });
  addOperator(app.db, fake.user(ADA, "Ada"), { role: "admin", notifyChannel: "off" });
  addOperator(app.db, fake.user(ANN, "Ann"), { notifyChannel: "off" });
});

afterEach(async () => {
  await app.stop();
  await fake.stop();
  dir.remove();
});

const ann = () => fake.world.chat(ANN)!.chat as any;
const now = (s: Stored) => fake.world.find(ANN, s.message.message_id)!;

async function someChats(n: number) {
  for (let i = 0; i < n; i++) {
    fake.send(fake.user(500 + i, `Client${i}`), { text: `hi ${i}` });
    await fake.until(() => (app.db.$client.prepare("select count(*) n from messages").get() as { n: number }).n === i + 1);
  }
}

describe("/chats", () => {
  it("lists chats newest first with filters and paging, and opens a chat's card", async () => {
    await someChats(12);
    claim(app.db, 3, ANN, app.deps.clock);
    fake.send(ann(), { text: "/chats" });
    const list = await fake.until(() => fake.botMessages(ANN).find((s) => s.message.text?.startsWith("Chats (all, open)")));
    const lines = list.message.text!.split("\n").slice(2);
    expect(lines).toHaveLength(10);
    expect(lines[0]).toMatch(/^#12 Client11 · unassigned · open · ⏳ 0m$/);
    expect(labels(list)).toContain("Older ▶️");

    fake.press(ann(), list.message, button(list, "Older"));
    await fake.until(() => now(list).message.text!.split("\n").slice(2).length === 2);
    expect(now(list).message.text).toContain("#1 Client0");

    fake.press(ann(), now(list).message, button(now(list), "Mine"));
    await fake.until(() => now(list).message.text?.startsWith("Chats (mine, open)"));
    expect(now(list).message.text!.split("\n").slice(2)).toEqual(["#3 Client2 · Ann · open · ⏳ 0m"]);

    fake.press(ann(), now(list).message, button(now(list), "Unassigned"));
    await fake.until(() => now(list).message.text?.startsWith("Chats (unassigned, open)"));
    expect(now(list).message.text).not.toContain("#3 Client2");

    fake.press(ann(), now(list).message, button(now(list), "closed"));
    await fake.until(() => now(list).message.text?.includes("No chats match."));

    fake.press(ann(), now(list).message, button(now(list), "By operator"));
    await fake.until(() => labels(now(list)).includes("Ann"));
    fake.press(ann(), now(list).message, button(now(list), "Ann"));
    await fake.until(() => now(list).message.text?.startsWith("Chats (responsible: Ann, closed)"));

    fake.press(ann(), now(list).message, button(now(list), "all"));
    await fake.until(() => now(list).message.text?.includes("#3 Client2 · Ann · open"));
    fake.press(ann(), now(list).message, button(now(list), "#3"));
    const card = await fake.until(() => fake.botMessages(ANN).find((s) => s.message.text?.startsWith("💬 #3")));
    expect(card.message.text).toContain("Responsible: you");
    // Replying to a card opened from the list answers that client.
    fake.send(ann(), { text: "Hello Client2" }, { replyTo: card.message.message_id });
    await fake.until(() => fake.botMessages(502).some((s) => s.message.text === "Hello Client2"));
  });

  it("sends the history with authors and the full transcript as a file", async () => {
    await someChats(1);
    claim(app.db, 1, ANN, app.deps.clock);
    fake.send(ann(), { text: "/chats" });
    const list = await fake.until(() => fake.botMessages(ANN).find((s) => s.message.text?.startsWith("Chats")));
    fake.press(ann(), list.message, button(list, "#1"));
    const card = await fake.until(() => fake.botMessages(ANN).find((s) => s.message.text?.startsWith("💬 #1")));
    fake.send(ann(), { text: "Hello, how can I help?" }, { replyTo: card.message.message_id });
    await fake.until(() => fake.botMessages(500).length === 1);
    fake.press(ann(), card.message, button(card, "History"));
    const history = await fake.until(() => fake.botMessages(ANN).find((s) => s.message.text?.startsWith("📜 #1")));
    expect(history.message.text).toMatch(/Client0: hi 0\n.*Ann \(operator\): Hello, how can I help\?$/);
    fake.press(ann(), history.message, button(history, "Transcript"));
    const doc = await fake.until(() => fake.botMessages(ANN).find((s) => s.message.document));
    expect(doc.message.document?.file_name).toBe("chat-1.txt");
    const content = fake.files.get(`${ANN}:${doc.message.message_id}`)!;
    expect(content.trim().split("\n")).toHaveLength(2);
    expect(content).toContain("Ann (operator): Hello, how can I help?");
  });
});

describe("/report", () => {
  it("shows an admin the team with totals and an operator only their own line, and sends CSV", async () => {
    await someChats(1);
    claim(app.db, 1, ANN, app.deps.clock);
    fake.send(fake.world.chat(ADA)!.chat as any, { text: "/report" });
    const adminView = await fake.until(() => fake.botMessages(ADA).find((s) => s.message.text?.startsWith("📊")));
    expect(adminView.message.text).toContain("Ann: 1 assigned, 0 closed, 0 messages");
    expect(adminView.message.text).toContain("Team: 1 assigned");
    fake.send(ann(), { text: "/report 7d" });
    const own = await fake.until(() => fake.botMessages(ANN).find((s) => s.message.text?.startsWith("📊")));
    expect(own.message.text).toContain("Ann: 1 assigned");
    expect(own.message.text).not.toContain("Team:");
    fake.press(fake.world.chat(ADA)!.chat as any, adminView.message, button(adminView, "CSV"));
    const doc = await fake.until(() => fake.botMessages(ADA).find((s) => s.message.document));
    expect(doc.message.document?.file_name).toBe("report-today.csv");
    expect(fake.files.get(`${ADA}:${doc.message.message_id}`)).toContain(`${ANN},"Ann",1,0,0`);
  });
});
