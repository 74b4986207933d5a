import { beforeEach, describe, expect, it } from "vitest";
import { getChat } from "../src/rules/chats.js";
import { consoleForEachTest } from "./support/console.js";
import { addOperator } from "./support/team.js";

const ADA = 100;
const OLI = 101;

const t = consoleForEachTest({ adminIds: [ADA] });

beforeEach(() => {
  t.fake.user(ADA, "Ada");
  addOperator(t.app.db, t.fake.user(OLI, "Oli"));
});

describe("a client's command is a client's message", () => {
  it("greets a client who came through an ad's /start link and shows operators where they came from", async () => {
    const carol = t.fake.user(500, "Carol");
    t.fake.send(carol, { text: "/start promo_spring" });
    const hello = await t.fake.until(() => t.fake.lastBotMessage(carol.id));
    expect(hello.message.text).toMatch(/^Hello! /);
    const notice = await t.fake.until(() => t.fake.botMessages(OLI).find((s) => s.message.text?.startsWith("🚀")));
    expect(notice.message.text).toBe("🚀 Carol started the bot from promo_spring.");
    const card = t.fake.botMessages(OLI).find((s) => s.message.text?.startsWith("💬 #1"))!;
    expect(card.message.text).toContain("Came from: promo_spring");
    expect(getChat(t.app.db, 1)?.startSource).toBe("promo_spring");
    expect(t.app.db.$client.prepare("select kind, text from messages").all()).toEqual([{ kind: "text", text: "/start promo_spring" }]);
    expect(t.fake.botMessages(carol.id)).toHaveLength(1);

    // A later link does not rewrite where the client first came from, but operators see it.
    t.fake.send(carol, { text: "/start summer_sale" });
    await t.fake.until(() => t.fake.botMessages(OLI).some((s) => s.message.text === "🚀 Carol started the bot from summer_sale."));
    expect(getChat(t.app.db, 1)?.startSource).toBe("promo_spring");
  });

  it("relays the team's commands typed by a client, and refuses nothing", async () => {
    const carol = t.fake.user(500, "Carol");
    const commands = ["/report", "/chats", "/invite", "/online", "/cancel", "/settings"];
    for (const text of commands) t.fake.send(carol, { text });
    await t.fake.until(() => commands.every((c) => t.fake.botMessages(OLI).some((s) => s.message.text === c)));
    expect(t.fake.botMessages(carol.id)).toHaveLength(0);
    expect(t.app.db.$client.prepare("select count(*) n from invites").get()).toEqual({ n: 0 });
    expect(t.app.db.$client.prepare("select availability from operators where id = ?").get(carol.id)).toBeUndefined();
  });

  it("answers /help and a bare /start itself, without bothering the operators", async () => {
    const carol = t.fake.user(500, "Carol");
    t.fake.send(carol, { text: "/help" });
    t.fake.send(carol, { text: "/start" });
    t.fake.send(carol, { text: "marker" });
    await t.fake.until(() => t.fake.botMessages(OLI).some((s) => s.message.text === "marker"));
    expect(t.fake.botMessages(carol.id).map((s) => s.message.text?.slice(0, 6))).toEqual(["Write ", "Hello!"]);
    expect(
      t.fake
        .botMessages(OLI)
        .filter((s) => !s.message.text?.startsWith("💬 #"))
        .map((s) => s.message.text),
    ).toEqual(["marker"]);
  });
});
