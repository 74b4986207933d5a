import { beforeEach, describe, expect, it } from "vitest";
import type { Stored } from "./support/fake-telegram/world.js";
import { button, labels } from "./support/buttons.js";
import { consoleForEachTest } from "./support/console.js";
import { addOperator } from "./support/team.js";
import { claim } from "../src/rules/responsibles.js";

const ADA = 100;
const ANN = 101;

const t = consoleForEachTest();

beforeEach(async () => {
  addOperator(t.app.db, t.fake.user(ADA, "Ada"), { role: "admin", notifyChannel: "off" });
  addOperator(t.app.db, t.fake.user(ANN, "Ann"), { notifyChannel: "off" });
});

const ann = () => t.fake.world.chat(ANN)!.chat as any;
const now = (s: Stored) => t.fake.world.find(ANN, s.message.message_id)!;

async function someChats(n: number) {
  for (let i = 0; i < n; i++) {
    t.fake.send(t.fake.user(500 + i, `Client${i}`), { text: `hi ${i}` });
    await t.fake.until(() => (t.app.db.$client.prepare("select count(*) n from messages").get() as { n: number }).n === i + 1);
  }
}

describe("/chats", () => {
  it("lists chats newest first with filters and paging, and opens a chat's card", async () => {
    await someChats(12);
    claim(t.app.db, 3, ANN, t.app.deps.clock);
    t.fake.send(ann(), { text: "/chats" });
    const list = await t.fake.until(() => t.fake.botMessages(ANN).find((s) => s.message.text?.startsWith("Chats (all, open)")));
    const lines = list.message.text!.split("\n").slice(2);
    expect(lines).toHaveLength(10);
    expect(lines[0]).toMatch(/^#12 Client11 · unassigned · open · ⏳ 0m$/);
    expect(labels(list)).toContain("Older ▶️");

    t.fake.press(ann(), list.message, button(list, "Older"));
    await t.fake.until(() => now(list).message.text!.split("\n").slice(2).length === 2);
    expect(now(list).message.text).toContain("#1 Client0");

    t.fake.press(ann(), now(list).message, button(now(list), "Mine"));
    await t.fake.until(() => now(list).message.text?.startsWith("Chats (mine, open)"));
    expect(now(list).message.text!.split("\n").slice(2)).toEqual(["#3 Client2 · Ann · open · ⏳ 0m"]);

    t.fake.press(ann(), now(list).message, button(now(list), "Unassigned"));
    await t.fake.until(() => now(list).message.text?.startsWith("Chats (unassigned, open)"));
    expect(now(list).message.text).not.toContain("#3 Client2");

    t.fake.press(ann(), now(list).message, button(now(list), "closed"));
    await t.fake.until(() => now(list).message.text?.includes("No chats match."));

    t.fake.press(ann(), now(list).message, button(now(list), "By operator"));
    await t.fake.until(() => labels(now(list)).includes("Ann"));
    t.fake.press(ann(), now(list).message, button(now(list), "Ann"));
    await t.fake.until(() => now(list).message.text?.startsWith("Chats (responsible: Ann, closed)"));

    t.fake.press(ann(), now(list).message, button(now(list), "all"));
    await t.fake.until(() => now(list).message.text?.includes("#3 Client2 · Ann · open"));
    t.fake.press(ann(), now(list).message, button(now(list), "#3"));
    const card = await t.fake.until(() => t.fake.botMessages(ANN).find((s) => s.message.text?.startsWith("💬 #3")));
    expect(card.message.text).toContain("Responsible: you");
    // Replying to a card opened from the list answers that client.
    t.fake.send(ann(), { text: "Hello Client2" }, { replyTo: card.message.message_id });
    await t.fake.until(() => t.fake.botMessages(502).some((s) => s.message.text === "Hello Client2"));
  });

  it("sends the history with authors and the full transcript as a file", async () => {
    await someChats(1);
    claim(t.app.db, 1, ANN, t.app.deps.clock);
    t.fake.send(ann(), { text: "/chats" });
    const list = await t.fake.until(() => t.fake.botMessages(ANN).find((s) => s.message.text?.startsWith("Chats")));
    t.fake.press(ann(), list.message, button(list, "#1"));
    const card = await t.fake.until(() => t.fake.botMessages(ANN).find((s) => s.message.text?.startsWith("💬 #1")));
    t.fake.send(ann(), { text: "Hello, how can I help?" }, { replyTo: card.message.message_id });
    await t.fake.until(() => t.fake.botMessages(500).length === 1);
    t.fake.press(ann(), card.message, button(card, "History"));
    const history = await t.fake.until(() => t.fake.botMessages(ANN).find((s) => s.message.text?.startsWith("📜 #1")));
    expect(history.message.text).toMatch(/Client0: hi 0\n.*Ann \(operator\): Hello, how can I help\?$/);
    t.fake.press(ann(), history.message, button(history, "Transcript"));
    const doc = await t.fake.until(() => t.fake.botMessages(ANN).find((s) => s.message.document));
    expect(doc.message.document?.file_name).toBe("chat-1.txt");
    const content = t.fake.files.get(`${ANN}:${doc.message.message_id}`)!;
    expect(content.trim().split("\n")).toHaveLength(2);
    expect(content).toContain("Ann (operator): Hello, how can I help?");
  });
});

describe("/report", () => {
  it("shows an admin the team with totals and an operator only their own line, and sends CSV", async () => {
    await someChats(1);
    claim(t.app.db, 1, ANN, t.app.deps.clock);
    t.fake.send(t.fake.world.chat(ADA)!.chat as any, { text: "/report" });
    const adminView = await t.fake.until(() => t.fake.botMessages(ADA).find((s) => s.message.text?.startsWith("📊")));
    expect(adminView.message.text).toContain("Ann: 1 assigned, 0 closed, 0 messages");
    expect(adminView.message.text).toContain("Team: 1 assigned");
    t.fake.send(ann(), { text: "/report 7d" });
    const own = await t.fake.until(() => t.fake.botMessages(ANN).find((s) => s.message.text?.startsWith("📊")));
    expect(own.message.text).toContain("Ann: 1 assigned");
    expect(own.message.text).not.toContain("Team:");
    t.fake.press(t.fake.world.chat(ADA)!.chat as any, adminView.message, button(adminView, "CSV"));
    const doc = await t.fake.until(() => t.fake.botMessages(ADA).find((s) => s.message.document));
    expect(doc.message.document?.file_name).toBe("report-today.csv");
    expect(t.fake.files.get(`${ADA}:${doc.message.message_id}`)).toContain(`${ANN},"Ann",1,0,0`);
  });
});

describe("/report CSV", () => {
  it("neutralises names that a spreadsheet would run as formulas (names come from Telegram profiles)", async () => {
    const names = ['=HYPERLINK("https://evil.example","click")', "+1+1", "-2", "@SUM(A1)", "\tTab", "\rReturn"];
    for (const [i, name] of names.entries()) addOperator(t.app.db, t.fake.user(200 + i, name), { notifyChannel: "off" });
    await someChats(names.length);
    names.forEach((_, i) => {
      claim(t.app.db, i + 1, 200 + i, t.app.deps.clock);
    });
    const ada = t.fake.world.chat(ADA)!.chat as any;
    t.fake.send(ada, { text: "/report" });
    const view = await t.fake.until(() => t.fake.botMessages(ADA).find((s) => s.message.text?.startsWith("📊")));
    t.fake.press(ada, view.message, button(view, "CSV"));
    const doc = await t.fake.until(() => t.fake.botMessages(ADA).find((s) => s.message.document));
    const csv = t.fake.files.get(`${ADA}:${doc.message.message_id}`)!;
    expect(csv).toContain(`,"'=HYPERLINK(""https://evil.example"",""click"")",1,`);
    for (const name of names.slice(1)) expect(csv).toContain(`,"'${name}",1,`);
    expect(csv).not.toMatch(/(^|,)"[=+\-@\t\r]/m);
    expect(csv.split("\n")[0]).toBe(
      "operator_id,operator,chats_assigned,chats_closed,messages_sent,first_response_median_s,first_response_p90_s,resolution_median_s,reassigned_in,reassigned_out",
    );
  });
});
