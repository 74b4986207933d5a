import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getChat } from "../src/rules/chats.js";
import { closeChat } from "../src/rules/responsibles.js";
import { setSetting } from "../src/rules/settings.js";
import type { Stored } from "./support/fake-telegram/world.js";
import { button, labels } from "./support/buttons.js";
import { consoleForEachTest } from "./support/console.js";
import { serveApi } from "./support/http.js";
import { addOperator } from "./support/team.js";

const ADA = 100;
const ANN = 101;
const CAROL = 500;
const TOKEN = "integration-token-0123456789abcdef";

const t = consoleForEachTest({ adminIds: [ADA] });

beforeEach(() => {
  t.fake.user(ADA, "Ada");
  addOperator(t.app.db, t.fake.user(ANN, "Ann"));
});

const user = (id: number) => t.fake.world.chat(id)!.chat as any;
const sql = <T>(query: string, ...params: unknown[]) => t.app.db.$client.prepare(query).all(...params) as T[];
const question = (client = CAROL) => t.fake.botMessages(client).filter((s) => s.message.text?.startsWith("How did we do?"));

/** Carol writes, Ann answers (so she is responsible) and closes the chat from her card. */
async function chatClosedByAnn(text = "help please") {
  const carol = t.fake.user(CAROL, "Carol");
  t.fake.send(carol, { text });
  const card = await t.fake.until(() => t.fake.botMessages(ANN).find((s) => s.message.text?.startsWith("💬 #1")));
  t.fake.send(user(ANN), { text: "Done, bye" }, { replyTo: card.message.message_id });
  await t.fake.until(() => getChat(t.app.db, 1)?.responsibleId === ANN);
  await closeAsAnn();
  return carol;
}

/** Ann presses Close on her newest card; a card redrawn meanwhile (the chat changed) is pressed again. */
async function closeAsAnn() {
  for (let attempt = 0; attempt < 5 && getChat(t.app.db, 1)?.status !== "closed"; attempt++) {
    const card = await t.fake.until(() =>
      t.fake.botMessages(ANN).findLast((s) => s.message.text?.startsWith("💬 #1") && labels(s).some((l) => l.includes("Close"))),
    );
    const q = t.fake.press(user(ANN), card.message, button(card, "Close"));
    await t.fake.until(() => t.fake.answered(q));
  }
  expect(getChat(t.app.db, 1)?.status).toBe("closed");
}

const current = (chat: number, stored: Stored) => t.fake.world.find(chat, stored.message.message_id)!;

describe("satisfaction ratings", () => {
  it("asks nothing while the team setting is off (the default)", async () => {
    await chatClosedByAnn();
    // Ann's answer reached Carol; nothing after it asks for a rating.
    await t.fake.until(() => t.fake.botMessages(CAROL).some((s) => s.message.text === "Done, bye"));
    await t.app.worker.stop();
    expect(question()).toEqual([]);
    expect(sql("select * from ratings")).toEqual([]);
    expect(sql("select * from outbox where kind = 'client_prompt'")).toEqual([]);
  });

  it("asks the client once per closing; a second press changes nothing; the responsible sees the score", async () => {
    setSetting(t.app.db, ADA, "ratings", true);
    const carol = await chatClosedByAnn();
    const asked = await t.fake.until(() => question()[0]);
    expect(labels(asked)).toEqual(["1 ⭐", "2 ⭐", "3 ⭐", "4 ⭐", "5 ⭐"]);
    const closure = sql<{ id: number; responsible_id: number }>("select id, responsible_id from closures")[0]!;
    expect(closure.responsible_id).toBe(ANN);

    const stale = structuredClone(asked.message);
    const one = button(asked, "1");
    const first = t.fake.press(carol, asked.message, button(asked, "4"));
    await t.fake.until(() => t.fake.answered(first));
    await t.fake.until(() => current(CAROL, asked).message.text?.includes("★★★★☆"));
    expect(labels(current(CAROL, asked))).toEqual(["💬 Add a comment"]);
    // Pressed again on the old keyboard (a slow client, a replayed update): the first score stands.
    const second = t.fake.press(carol, stale, one);
    await t.fake.until(() => t.fake.answered(second));
    expect(t.fake.callsOf("answerCallbackQuery").at(-1)!.params.text).toBe("You have already rated this conversation.");
    expect(sql("select closure_id, chat_id, operator_id, score from ratings")).toEqual([
      { closure_id: closure.id, chat_id: 1, operator_id: ANN, score: 4 },
    ]);
    await t.fake.until(() => t.fake.botMessages(ANN).some((s) => s.message.text === "⭐ Carol rated #1 Carol: ★★★★☆"));
    expect(t.fake.botMessages(ANN).filter((s) => s.message.text?.startsWith("⭐ Carol rated"))).toHaveLength(1);
  });

  it("refuses a press by anyone but the chat's own client, and changes nothing", async () => {
    setSetting(t.app.db, ADA, "ratings", true);
    await chatClosedByAnn();
    const asked = await t.fake.until(() => question()[0]);
    const data = button(asked, "5");
    // Mallory forges Carol's button data in her own chat with the bot; Ann (an operator) tries it from hers.
    const mallory = t.fake.user(666, "Mallory");
    t.fake.send(mallory, { text: "hi" });
    await t.fake.until(() => getChat(t.app.db, 2) !== undefined);
    const ownMessage = t.fake.botMessages(ANN)[0]!.message;
    const byMallory = t.fake.press(mallory, { ...asked.message, chat: user(666) }, data);
    const byAnn = t.fake.press(user(ANN), ownMessage, data);
    // Even the message from Carol's chat, pressed by someone else (a forged update), is refused.
    const forged = t.fake.press(mallory, asked.message, data);
    await t.fake.until(() => [byMallory, byAnn, forged].every((q) => t.fake.answered(q)));
    const answers = t.fake.callsOf("answerCallbackQuery").map((c) => c.params.text);
    expect(answers.filter((a) => a === "This rating is not yours to give.")).toHaveLength(3);
    expect(sql("select score from ratings")).toEqual([{ score: null }]);
  });

  it("takes the client's next message as the comment: stored with the chat, shown to the responsible, chat stays closed", async () => {
    setSetting(t.app.db, ADA, "ratings", true);
    const carol = await chatClosedByAnn();
    const asked = await t.fake.until(() => question()[0]);
    const rate = t.fake.press(carol, asked.message, button(asked, "2"));
    await t.fake.until(() => t.fake.answered(rate));
    const rated = await t.fake.until(() => (labels(current(CAROL, asked)).length === 1 ? current(CAROL, asked) : undefined));
    const comment = t.fake.press(carol, rated.message, button(rated, "Add a comment"));
    await t.fake.until(() => t.fake.answered(comment));
    t.fake.send(carol, { text: "Took too long" });
    await t.fake.until(() => t.fake.botMessages(CAROL).some((s) => s.message.text === "Thank you, your comment reached the team."));
    await t.fake.until(() =>
      t.fake.botMessages(ANN).some((s) => s.message.text === "💬 Carol commented on their rating of #1 Carol (★★☆☆☆):\nTook too long"),
    );
    expect(sql("select score, comment from ratings")).toEqual([{ score: 2, comment: "Took too long" }]);
    expect(sql("select text from messages where direction = 'in' order by id")).toEqual([
      { text: "help please" },
      { text: "Took too long" },
    ]);
    expect(getChat(t.app.db, 1)?.status).toBe("closed");
    expect(getChat(t.app.db, 1)?.awaitingReplySince).toBeNull();
    // The next message is a message again: it reopens the chat and reaches Ann as a copy.
    t.fake.send(carol, { text: "one more question" });
    await t.fake.until(() => t.fake.botMessages(ANN).some((s) => s.message.text === "one more question"));
    expect(getChat(t.app.db, 1)?.status).toBe("open");
  });

  it("asks again after the chat is reopened and closed again (a new closing)", async () => {
    setSetting(t.app.db, ADA, "ratings", true);
    const carol = await chatClosedByAnn();
    const asked = await t.fake.until(() => question()[0]);
    t.fake.press(carol, asked.message, button(asked, "5"));
    await t.fake.until(() => sql<{ score: number }>("select score from ratings")[0]?.score === 5);
    t.fake.send(carol, { text: "back again" });
    await t.fake.until(() => getChat(t.app.db, 1)?.status === "open");
    // Ann's card still offers Reopen (a client's message does not redraw it), so she closes through the rule.
    expect(closeChat(t.app.db, 1, ANN, Date.now).ok).toBe(true);
    t.app.worker.kick();
    // The first question now reads as rated; the new one asks about the second closing.
    const again = await t.fake.until(() => question().find((q) => q.message.message_id !== asked.message.message_id));
    t.fake.press(carol, again.message, button(again, "3"));
    await t.fake.until(() => sql("select score from ratings where score is not null").length === 2);
    expect(sql("select score from ratings order by closure_id")).toEqual([{ score: 5 }, { score: 3 }]);
  });
});

describe("ratings in /report and the API", () => {
  let server: Awaited<ReturnType<typeof serveApi>>;
  afterEach(async () => {
    await server?.close();
  });

  it("counts the average and number per operator", async () => {
    setSetting(t.app.db, ADA, "ratings", true);
    const carol = await chatClosedByAnn();
    const asked = await t.fake.until(() => question()[0]);
    t.fake.press(carol, asked.message, button(asked, "4"));
    await t.fake.until(() => sql<{ score: number }>("select score from ratings")[0]?.score === 4);

    t.fake.send(user(ADA), { text: "/report" });
    const report = await t.fake.until(() => t.fake.botMessages(ADA).find((s) => s.message.text?.startsWith("📊")));
    expect(report.message.text).toContain("⭐ Ratings\nAnn: average 4.0 from 1 rating\nTeam: average 4.0 from 1 rating");
    t.fake.send(user(ANN), { text: "/report" });
    const own = await t.fake.until(() => t.fake.botMessages(ANN).find((s) => s.message.text?.startsWith("📊")));
    expect(own.message.text).toContain("⭐ Ratings\nAnn: average 4.0 from 1 rating");
    expect(own.message.text).not.toContain("Team: average");

    server = await serveApi(t.app, TOKEN);
    const get = async (path: string) =>
      (await fetch(server.base + path, { headers: { authorization: `Bearer ${TOKEN}` } }).then((r) => r.json())) as any;
    const chat = await get("/api/chats/1");
    expect(chat.ratings).toEqual([{ closureId: 1, operatorId: ANN, score: 4, ratedAt: expect.any(String), comment: null }]);
    const api = await get("/api/reports");
    expect(api.ratings).toEqual({
      lines: [{ operatorId: ANN, name: "Ann", count: 1, average: 4 }],
      totals: { operatorId: null, name: "Team", count: 1, average: 4 },
    });
  });
});
