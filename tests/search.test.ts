import { beforeEach, describe, expect, it } from "vitest";
import type { Stored } from "./support/fake-telegram/world.js";
import { button, labels } from "./support/buttons.js";
import { consoleForEachTest } from "./support/console.js";
import { addOperator } from "./support/team.js";
import { ftsQuery, searchChats } from "../src/rules/search.js";

const ADA = 100;
const ANN = 101;

const t = consoleForEachTest();

beforeEach(async () => {
  addOperator(t.app.db, t.fake.user(ADA, "Ada"), { role: "admin", notifyChannel: "off" });
  addOperator(t.app.db, t.fake.user(ANN, "Ann"));
});

const ann = () => t.fake.world.chat(ANN)!.chat as any;
const now = (s: Stored) => t.fake.world.find(ANN, s.message.message_id)!;
const count = (sql: string) => (t.app.db.$client.prepare(sql).get() as { n: number }).n;
const found = (words: string) => {
  const r = searchChats(t.app.db, ANN, words, 50);
  return r.ok ? r.hits.map((h) => h.chat.id) : r.reason;
};

/** Runs /find as Ann and returns the answer. */
async function find(words: string): Promise<Stored> {
  const before = t.fake.botMessages(ANN).length;
  t.fake.send(ann(), { text: `/find ${words}` });
  return t.fake.until(() =>
    t.fake
      .botMessages(ANN)
      .slice(before)
      .find((s) => s.message.text?.startsWith("🔎") || s.message.text?.startsWith("Write")),
  );
}

/** A client's message, waited for until Ann has its copy. */
async function clientSays(id: number, name: string, text: string, username?: string): Promise<Stored> {
  t.fake.send(t.fake.user(id, name, username), { text });
  return t.fake.until(() => t.fake.botMessages(ANN).find((s) => s.message.text === text));
}

describe("/find", () => {
  it("finds chats by client name, username, the client's words and the operator's, newest first, each opening its chat", async () => {
    await clientSays(500, "Carol Stone", "where is my parcel?", "carol_s");
    const copy = await clientSays(501, "Dmitri", "Hello, I need a refund for order 77");
    await clientSays(502, "Erin", "thanks for the quick refund");
    t.fake.send(ann(), { text: "We will send the courier tomorrow" }, { replyTo: copy.message.message_id });
    await t.fake.until(() => t.fake.botMessages(501).some((s) => s.message.text === "We will send the courier tomorrow"));

    const byName = await find("stone");
    expect(byName.message.text).toBe(
      "🔎 “stone”, newest first (page 1)\n\n#1 Carol Stone · unassigned · open · ⏳ 0m\n   (client's name or username)",
    );
    expect((await find("carol_s")).message.text).toContain("#1 Carol Stone");
    expect((await find("@carol")).message.text).toContain("#1 Carol Stone");

    const byClient = await find("refund");
    const lines = byClient.message.text!.split("\n").slice(2);
    // Erin wrote last, so her chat comes first; each line quotes the message that matched.
    expect(lines).toEqual([
      "#3 Erin · unassigned · open · ⏳ 0m",
      "   Erin: thanks for the quick refund",
      "#2 Dmitri · Ann · open",
      "   Dmitri: Hello, I need a refund for order 77",
    ]);
    // Two words must both appear, and the last may be the start of a word.
    expect((await find("refund ord")).message.text).not.toContain("#3");
    expect((await find("refund ord")).message.text).toContain("#2 Dmitri");

    const byOperator = await find("courier");
    expect(byOperator.message.text).toContain("#2 Dmitri · Ann · open\n   Ann (operator): We will send the courier tomorrow");
    expect(labels(byOperator)).toEqual(["#2"]);
    t.fake.press(ann(), byOperator.message, button(byOperator, "#2"));
    const card = await t.fake.until(() => t.fake.botMessages(ANN).find((s) => s.message.text?.startsWith("💬 #2")));
    expect(card.message.text).toContain("Dmitri");

    expect((await find("nothing-like-this")).message.text).toContain("Nothing found.");
  });

  it("keeps the index in step with edits of both sides: the old word is no longer found, the new one is", async () => {
    const clientMessage = t.fake.send(t.fake.user(500, "Carol"), { text: "my umbrella broke" }).message_id;
    const copy = await t.fake.until(() => t.fake.botMessages(ANN).find((s) => s.message.text === "my umbrella broke"));
    const reply = t.fake.send(ann(), { text: "send a photo of the umbrella" }, { replyTo: copy.message.message_id });
    await t.fake.until(() => t.fake.botMessages(500).some((s) => s.message.text === "send a photo of the umbrella"));
    expect(found("umbrella")).toEqual([1]);

    t.fake.edit(t.fake.user(500, "Carol"), clientMessage, "my kettle broke");
    await t.fake.until(() => count("select count(*) n from messages where text = 'my kettle broke'") === 1);
    expect(found("kettle")).toEqual([1]);
    expect(found("broke")).toEqual([1]);
    t.fake.edit(ann(), reply.message_id, "send a photo of the kettle");
    await t.fake.until(() => count("select count(*) n from messages where text = 'send a photo of the kettle'") === 1);
    expect(found("umbrella")).toEqual([]);
    expect(found("photo kettle")).toEqual([1]);
    // The index matches the stored words exactly (FTS5's own check of an external-content index).
    expect(() => t.app.db.$client.prepare("insert into messages_fts(messages_fts) values ('integrity-check')").run()).not.toThrow();

    // A client renaming themselves is found by the new name only.
    await clientSays(500, "Caroline Brook", "still there?");
    expect(found("brook")).toEqual([1]);
    expect(found("carol")).toEqual([1]); // prefix of Caroline
    expect(found("brook caro")).toEqual([1]);
    expect(found("caro brook")).toEqual([]); // only the last word is a prefix
    t.app.db.$client.prepare("insert into chats_fts(chats_fts) values ('integrity-check')").run();
  });

  it("pages ten chats at a time, newer and older, and a search's buttons belong to whoever ran it", async () => {
    for (let i = 0; i < 12; i++) await clientSays(500 + i, `Client${i}`, `invoice question ${i}`);
    const list = await find("invoice");
    expect(list.message.text!.split("\n").filter((l) => l.startsWith("#"))).toHaveLength(10);
    expect(list.message.text).toContain("#12 Client11");
    expect(labels(list)).toContain("Older ▶️");
    t.fake.press(ann(), list.message, button(list, "Older"));
    await t.fake.until(() => now(list).message.text?.includes("(page 2)"));
    expect(
      now(list)
        .message.text!.split("\n")
        .filter((l) => l.startsWith("#")),
    ).toEqual(["#2 Client1 · unassigned · open · ⏳ 0m", "#1 Client0 · unassigned · open · ⏳ 0m"]);
    expect(labels(now(list))).toEqual(["#2", "#1", "◀️ Newer"]);
    t.fake.press(ann(), now(list).message, button(now(list), "Newer"));
    await t.fake.until(() => now(list).message.text?.includes("(page 1)"));

    // Another operator pressing Ann's paging button (forwarded, or forged) is told the search is not theirs to page.
    const ada = t.fake.world.chat(ADA)?.chat ?? t.fake.user(ADA, "Ada");
    const q = t.fake.press(ada as any, now(list).message, button(now(list), "Older"));
    await t.fake.until(() => t.fake.answered(q));
    expect(t.fake.callsOf("answerCallbackQuery").at(-1)?.params.text).toBe("This search has expired. Send /find again.");
  });

  it("treats FTS5 syntax as plain words and refuses a search with nothing to look for", async () => {
    await clientSays(500, "Carol", 'He said "NEAR" AND title: it* (really)');
    for (const words of ['"NEAR"', "NEAR(", "title:", "AND", "it*", "(really", '"', "-carol", "^said", "NOT said"]) {
      expect(() => found(words), words).not.toThrow();
    }
    expect(found('"near" and')).toEqual([1]);
    expect(found("title: really)")).toEqual([1]);
    expect(ftsQuery(`a "b" OR c*`)).toBe('"a" "b" "OR" "c"*');
    expect(ftsQuery("*** ::: ")).toBeUndefined();
    expect((await find("*** ")).message.text).toBe("Write what to look for after the command, e.g. /find refund order.");
    expect(count("select count(*) n from searches")).toBe(0);
  });

  it("takes the last word as the start of a word only when the words as written match nothing", async () => {
    await clientSays(500, "Carol", "my card was charged");
    await clientSays(501, "Dan", "both cards were charged");
    expect(found("charged card")).toEqual([1]);
    expect(found("charged car")).toEqual([2, 1]);
    expect(found("charged cards")).toEqual([2]);
  });

  it("refuses anyone who is not an active operator, in the rule as at the command", async () => {
    await clientSays(500, "Carol", "hello there");
    t.app.db.$client.prepare("update operators set active = 0 where id = ?").run(ADA);
    expect(searchChats(t.app.db, ADA, "hello", 10)).toEqual({ ok: false, reason: "not_operator" });
    expect(searchChats(t.app.db, 500, "hello", 10)).toEqual({ ok: false, reason: "not_operator" });
    expect(searchChats(t.app.db, ANN, "hello", 10)).toMatchObject({ ok: true });
  });
});
