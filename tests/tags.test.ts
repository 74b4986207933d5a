import type { User } from "grammy/types";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { claim } from "../src/rules/responsibles.js";
import { button, labels } from "./support/buttons.js";
import { consoleForEachTest } from "./support/console.js";
import type { Stored } from "./support/fake-telegram/world.js";
import { serveApi } from "./support/http.js";
import { addOperator } from "./support/team.js";

const ADA = 100; // admin
const ANN = 101; // operator
const TOKEN = "integration-token-0123456789abcdef";

const t = consoleForEachTest();
const person = (id: number) => t.fake.world.chat(id)!.chat as unknown as User;
const texts = (id: number) => t.fake.botMessages(id).map((s) => s.message.text ?? "");
const sql = <T>(query: string, ...args: unknown[]) => t.app.db.$client.prepare(query).all(...args) as T[];
const current = (id: number, s: Stored) => t.fake.world.find(id, s.message.message_id)!;

/** Sends a command and waits for the bot's next message in that chat. */
async function command(id: number, text: string, opts: { replyTo?: number } = {}): Promise<string> {
  const before = t.fake.botMessages(id).length;
  t.fake.send(person(id), { text }, opts);
  return (await t.fake.until(() => t.fake.botMessages(id)[before])).message.text ?? "";
}

beforeEach(async () => {
  addOperator(t.app.db, t.fake.user(ADA, "Ada"), { role: "admin", notifyChannel: "off" });
  addOperator(t.app.db, t.fake.user(ANN, "Ann"), { notifyFilter: "all" });
  for (const [i, name] of ["Cleo", "Dan", "Eve"].entries()) {
    t.fake.send(t.fake.user(500 + i, name), { text: `hi from ${name}` });
    await t.fake.until(() => texts(ANN).includes(`hi from ${name}`));
  }
});

const copyIn = (id: number, name: string) => t.fake.botMessages(id).find((s) => s.message.text === `hi from ${name}`)!;

describe("the team's tag list", () => {
  it("lets an admin add and remove tags, normalised, and refuses an operator, changing nothing", async () => {
    expect(await command(ADA, "/tags")).toMatch(/^The team has no tags yet/);
    expect(await command(ADA, "/tags add VIP #Billing bad!tag vip")).toBe(
      "✅ #vip added.\n✅ #billing added.\n⚠️ “bad!tag” cannot be a tag: one word of letters, digits, _ or -, at most 32 characters.\n#vip is already on the list.",
    );
    expect(await command(ADA, `/tags add ${"x".repeat(33)}`)).toMatch(/cannot be a tag/);
    expect(await command(ADA, "/tags")).toMatch(/^The team's tags: #billing #vip\n/);
    expect(await command(ANN, "/tags add spam")).toBe("Only an admin can do this.");
    expect(await command(ANN, "/tags remove vip")).toBe("Only an admin can do this.");
    expect(sql<{ name: string }>("select name from tags order by name").map((r) => r.name)).toEqual(["billing", "vip"]);

    await command(ANN, "/tag vip", { replyTo: copyIn(ANN, "Cleo").message.message_id });
    expect(await command(ADA, "/tags remove vip")).toBe("🗑 #vip removed, also from the one chat that carried it.");
    expect(sql("select * from chat_tags")).toEqual([]);
    expect(await command(ADA, "/tags remove vip")).toBe("⚠️ “vip” is not on the team's list.");
  });
});

describe("tags on a conversation", () => {
  beforeEach(async () => {
    await command(ADA, "/tags add vip billing");
  });

  it("puts and takes tags with /tag and /untag in the conversation, and refuses tags not on the list", async () => {
    const cleo = copyIn(ANN, "Cleo").message.message_id;
    expect(await command(ANN, "/tag vip #Billing", { replyTo: cleo })).toBe("🏷 #1 Cleo: #billing #vip");
    expect(await command(ANN, "/untag billing", { replyTo: cleo })).toBe("🏷 #1 Cleo: #vip");
    expect(await command(ANN, "/tag urgent", { replyTo: cleo })).toBe(
      "🏷 #1 Cleo: #vip\n⚠️ Not on the team's list: urgent. The team's tags: #billing #vip. Admins add tags with /tags add.",
    );
    expect(await command(ANN, "/tag vip")).toMatch(/^Which chat\?/);
    expect(sql("select chat_id c, tag_id, added_by b from chat_tags")).toEqual([{ c: 1, tag_id: 1, b: ANN }]);
    expect(await command(ANN, "/untag vip", { replyTo: cleo })).toBe("🏷 #1 Cleo has no tags.");
  });

  it("toggles the team's tags with the card's Tags button, and the card shows them", async () => {
    t.fake.send(person(ANN), { text: "/chats" });
    const list = await t.fake.until(() => t.fake.botMessages(ANN).find((s) => s.message.text?.startsWith("Chats")));
    const before = t.fake.botMessages(ANN).length;
    t.fake.press(person(ANN), list.message, button(list, "#2"));
    const card = await t.fake.until(() =>
      t.fake
        .botMessages(ANN)
        .slice(before)
        .find((s) => s.message.text?.startsWith("💬 #2")),
    );
    expect(labels(card)).toContain("🏷 Tags");
    t.fake.press(person(ANN), card.message, button(card, "Tags"));
    await t.fake.until(() => labels(current(ANN, card)).includes("▫️ vip"));
    const on = t.fake.press(person(ANN), current(ANN, card).message, button(current(ANN, card), "vip"));
    await t.fake.until(() => labels(current(ANN, card)).includes("✅ vip"));
    expect(t.fake.callsOf("answerCallbackQuery").find((c) => c.params.callback_query_id === on)?.params.text).toBe(
      "#vip is on the chat now",
    );
    expect(current(ANN, card).message.text).toContain("\n🏷 #vip");
    expect(sql("select chat_id c from chat_tags")).toEqual([{ c: 2 }]);
    t.fake.press(person(ANN), current(ANN, card).message, button(current(ANN, card), "vip"));
    await t.fake.until(() => labels(current(ANN, card)).includes("▫️ vip"));
    expect(current(ANN, card).message.text).not.toContain("🏷");
    expect(sql("select * from chat_tags")).toEqual([]);
    t.fake.press(person(ANN), current(ANN, card).message, button(current(ANN, card), "Back"));
    await t.fake.until(() => labels(current(ANN, card)).includes("📜 History"));
  });

  it("filters /chats by tag, by word and by the tag picker", async () => {
    await command(ANN, "/tag vip", { replyTo: copyIn(ANN, "Cleo").message.message_id });
    await command(ANN, "/tag vip", { replyTo: copyIn(ANN, "Eve").message.message_id });
    const list = await command(ANN, "/chats vip");
    expect(list.split("\n")[0]).toBe("Chats (tag: #vip, open), newest activity first");
    expect(list.split("\n").slice(2)).toEqual([expect.stringMatching(/^#3 Eve /), expect.stringMatching(/^#1 Cleo /)]);
    expect(await command(ANN, "/chats gold")).toMatch(/^⚠️ “gold” is not one of the team's tags/);

    const all = await t.fake.until(() => t.fake.botMessages(ANN).findLast((s) => s.message.text?.startsWith("Chats (tag")));
    t.fake.press(person(ANN), all.message, button(all, "By tag"));
    await t.fake.until(() => labels(current(ANN, all)).includes("#billing"));
    t.fake.press(person(ANN), current(ANN, all).message, button(current(ANN, all), "#billing"));
    await t.fake.until(() => current(ANN, all).message.text?.startsWith("Chats (tag: #billing, open)"));
    expect(current(ANN, all).message.text).toContain("No chats match.");
  });

  it("cuts /report by tag, counting only the tagged chats", async () => {
    claim(t.app.db, 1, ANN, t.app.deps.clock);
    claim(t.app.db, 2, ANN, t.app.deps.clock);
    const cleo = copyIn(ANN, "Cleo").message.message_id;
    await command(ANN, "/tag vip", { replyTo: cleo });
    t.fake.send(person(ANN), { text: "Hello Cleo" }, { replyTo: cleo });
    t.fake.send(person(ANN), { text: "Hello Dan" }, { replyTo: copyIn(ANN, "Dan").message.message_id });
    await t.fake.until(() => sql<{ n: number }>("select count(*) n from messages where direction = 'out'")[0]!.n === 2);

    const report = await command(ADA, "/report 7d vip");
    expect(report.split("\n")).toEqual([
      "📊 Report, 7 days, chats tagged #vip",
      "chats with messages: 1, new: 1, messages from clients: 1",
      "",
      expect.stringMatching(/^Ann: closed 0, messages 1, first response median \d+s$/),
      expect.stringMatching(/^Team: closed 0, messages 1, first response median \d+s$/),
    ]);
    expect(await command(ANN, "/report vip")).toMatch(/^📊 Report, today, chats tagged #vip\n.*\n\nAnn: closed 0, messages 1[^\n]*$/);
    expect(await command(ADA, "/report 7d gold")).toBe("Use /report today, /report 7d or /report 30d.\nCut by a tag: /report 7d vip");
  });
});

describe("tags in the API", () => {
  let server: Awaited<ReturnType<typeof serveApi>>;
  beforeEach(async () => {
    server = await serveApi(t.app, TOKEN);
    await command(ADA, "/tags add vip");
  });
  afterEach(async () => {
    await server.close();
  });

  it("filters the chat list by tag and shows each chat's tags", async () => {
    await command(ANN, "/tag vip", { replyTo: copyIn(ANN, "Dan").message.message_id });
    const get = async (path: string) =>
      (await (await fetch(server.base + path, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as any;
    const tagged = await get("/api/chats?tag=vip");
    expect(tagged.chats.map((c: any) => [c.id, c.tags])).toEqual([[2, ["vip"]]]);
    expect((await get("/api/chats?tag=VIP")).chats.map((c: any) => c.id)).toEqual([2]);
    expect((await get("/api/chats?tag=gold")).chats).toEqual([]);
    expect((await get("/api/chats")).chats.map((c: any) => c.tags)).toEqual([[], ["vip"], []]);
  });
});
