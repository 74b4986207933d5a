import { beforeEach, describe, expect, it } from "vitest";
import { getChat } from "../src/rules/chats.js";
import { getSetting } from "../src/rules/settings.js";
import type { Stored } from "./support/fake-telegram/world.js";
import { button, labels } from "./support/buttons.js";
import { consoleForEachTest } from "./support/console.js";
import { addOperator } from "./support/team.js";

const ADA = 100;
const ANN = 101;
const BEN = 102;

const t = consoleForEachTest({ adminIds: [ADA] });

beforeEach(async () => {
  t.fake.user(ADA, "Ada");
  addOperator(t.app.db, t.fake.user(ANN, "Ann"));
  addOperator(t.app.db, t.fake.user(BEN, "Ben"));
});

const user = (id: number) => t.fake.world.chat(id)!.chat as any;
const card = (op: number) => t.fake.until(() => t.fake.botMessages(op).find((s) => s.message.text?.startsWith("💬 #")));
const current = (op: number, stored: Stored) => t.fake.world.find(op, stored.message.message_id)!;

async function clientChat(text = "help please") {
  const carol = t.fake.user(500, "Carol");
  t.fake.send(carol, { text });
  await t.fake.until(
    () => t.fake.botMessages(ANN).some((s) => s.message.text === text) && t.fake.botMessages(BEN).some((s) => s.message.text === text),
  );
  return carol;
}

describe("claiming from the card", () => {
  it("gives the chat to exactly one of two operators claiming at once; the other is told who and sees the card redrawn", async () => {
    await clientChat();
    const annCard = await card(ANN);
    const benCard = await card(BEN);
    expect(labels(annCard)).toEqual(expect.arrayContaining(["🙋 Claim", "👥 Assign", "✅ Close", "📜 History", "🔕 Responsible off"]));
    const qAnn = t.fake.press(user(ANN), annCard.message, button(annCard, "Claim"));
    const qBen = t.fake.press(user(BEN), benCard.message, button(benCard, "Claim"));
    await t.fake.until(() => t.fake.answered(qAnn) && t.fake.answered(qBen));
    const answers = t.fake.callsOf("answerCallbackQuery").map((c) => c.params.text);
    expect(answers).toContain("The chat is yours.");
    expect(answers).toContain("Already taken by Ann.");
    expect(getChat(t.app.db, 1)?.responsibleId).toBe(ANN);
    expect(t.app.db.$client.prepare("select count(*) n from assignments").get()).toEqual({ n: 1 });
    await t.fake.until(() => current(BEN, benCard).message.text?.includes("Responsible: Ann"));
    await t.fake.until(() => current(ANN, annCard).message.text?.includes("Responsible: you"));
    expect(labels(current(BEN, benCard))).not.toContain("🙋 Claim");
    expect(labels(current(BEN, benCard))).not.toContain("👥 Assign");
  });

  it("redraws a stale card instead of acting on the old state", async () => {
    await clientChat();
    const benCard = await card(BEN);
    const stale = structuredClone(benCard.message);
    const annCard = await card(ANN);
    t.fake.press(user(ANN), annCard.message, button(annCard, "Claim"));
    await t.fake.until(() => getChat(t.app.db, 1)?.responsibleId === ANN);
    // Ben's card was redrawn by delivery; he presses the old Close button still on his screen.
    const q = t.fake.press(user(BEN), stale, button({ ...benCard, message: stale }, "Close"));
    await t.fake.until(() => t.fake.answered(q));
    expect(t.fake.callsOf("answerCallbackQuery").at(-1)!.params.text).toContain("changed since this card was drawn");
    expect(getChat(t.app.db, 1)?.status).toBe("open");
  });
});

describe("who may answer", () => {
  it("asks a non-responsible operator before sending, and Take over makes them responsible", async () => {
    const carol = await clientChat();
    const annCard = await card(ANN);
    t.fake.send(user(ANN), { text: "Ann here" }, { replyTo: annCard.message.message_id });
    await t.fake.until(() => t.fake.botMessages(carol.id).some((s) => s.message.text === "Ann here"));
    expect(getChat(t.app.db, 1)?.responsibleId).toBe(ANN);

    const benCard = await card(BEN);
    t.fake.send(user(BEN), { text: "Ben here" }, { replyTo: benCard.message.message_id });
    const prompt = await t.fake.until(() => t.fake.botMessages(BEN).find((s) => s.message.text?.startsWith("✋")));
    expect(prompt.message.text).toContain("Ann is responsible for #1 Carol");
    expect(labels(prompt)).toEqual(["Take over", "Send anyway", "Cancel"]);
    expect(t.fake.botMessages(carol.id).some((s) => s.message.text === "Ben here")).toBe(false);

    t.fake.press(user(BEN), prompt.message, button(prompt, "Take over"));
    await t.fake.until(() => t.fake.botMessages(carol.id).some((s) => s.message.text === "Ben here"));
    expect(getChat(t.app.db, 1)?.responsibleId).toBe(BEN);
    await t.fake.until(() => t.fake.botMessages(ANN).some((s) => s.message.text?.includes("Ben took #1 Carol from you")));
    await t.fake.until(() => current(BEN, prompt).message.text?.includes("You are responsible for #1 Carol now"));
  });

  it("Cancel sends nothing", async () => {
    const carol = await clientChat();
    const annCard = await card(ANN);
    t.fake.press(user(ANN), annCard.message, button(annCard, "Claim"));
    await t.fake.until(() => getChat(t.app.db, 1)?.responsibleId === ANN);
    const benCard = await card(BEN);
    t.fake.send(user(BEN), { text: "oops" }, { replyTo: benCard.message.message_id });
    const prompt = await t.fake.until(() => t.fake.botMessages(BEN).find((s) => s.message.text?.startsWith("✋")));
    const q = t.fake.press(user(BEN), prompt.message, button(prompt, "Cancel"));
    await t.fake.until(() => t.fake.answered(q));
    await t.fake.until(() => current(BEN, prompt).message.text?.startsWith("Cancelled"));
    expect(t.fake.botMessages(carol.id)).toHaveLength(0);
  });
});

describe("assigning through the menu", () => {
  it("lists operators and hands the chat to the one picked, who is told", async () => {
    await clientChat();
    const annCard = await card(ANN);
    t.fake.press(user(ANN), annCard.message, button(annCard, "Assign"));
    const menu = await t.fake.until(() => {
      const now = current(ANN, annCard);
      return labels(now).some((l) => l.includes("Ben")) ? now : undefined;
    });
    expect(labels(menu)).toEqual(expect.arrayContaining(["⚪ Ann · 0 open", "⚪ Ben · 0 open", "« Back"]));
    t.fake.press(user(ANN), menu.message, button(menu, "Ben"));
    await t.fake.until(() => getChat(t.app.db, 1)?.responsibleId === BEN);
    await t.fake.until(() => t.fake.botMessages(BEN).some((s) => s.message.text?.includes("Ann made you responsible for #1 Carol")));
    expect(t.app.db.$client.prepare("select how, by_operator_id by from assignments").all()).toEqual([{ how: "manual", by: ANN }]);
  });

  it("does not let an operator reassign a colleague's chat, even with a forged button", async () => {
    await clientChat();
    const annCard = await card(ANN);
    t.fake.press(user(ANN), annCard.message, button(annCard, "Claim"));
    await t.fake.until(() => getChat(t.app.db, 1)?.responsibleId === ANN);
    const version = getChat(t.app.db, 1)!.version;
    const benCard = await card(BEN);
    const q = t.fake.press(user(BEN), benCard.message, `oc:ao:1:${version}:${BEN}`);
    await t.fake.until(() => t.fake.answered(q));
    expect(t.fake.callsOf("answerCallbackQuery").at(-1)!.params.text).toBe("Only the chat's responsible or an admin can do this.");
    expect(getChat(t.app.db, 1)?.responsibleId).toBe(ANN);
  });

  it("ignores buttons pressed by someone who is not an operator", async () => {
    await clientChat();
    const annCard = await card(ANN);
    const q = t.fake.press(t.fake.user(500, "Carol"), annCard.message, button(annCard, "Claim"));
    await t.fake.until(() => t.fake.answered(q));
    expect(t.fake.callsOf("answerCallbackQuery").at(-1)!.params.text).toContain("operators only");
    expect(getChat(t.app.db, 1)?.responsibleId).toBeNull();
  });
});

describe("team settings", () => {
  it("lets an admin toggle reset-on-close in /settings and by command, and refuses an operator", async () => {
    t.fake.send(user(ADA), { text: "/settings" });
    const menu = await t.fake.until(() => t.fake.botMessages(ADA).find((s) => s.message.text?.startsWith("Team settings")));
    expect(labels(menu)[0]).toBe("⬜ Reset responsible on close: off");
    t.fake.press(user(ADA), menu.message, button(menu, "Reset responsible on close"));
    await t.fake.until(() => getSetting(t.app.db, "resetOnClose"));
    await t.fake.until(() => labels(current(ADA, menu))[0] === "✅ Reset responsible on close: on");

    t.fake.send(user(ANN), { text: "/reset_on_close off" });
    await t.fake.until(() => t.fake.botMessages(ANN).some((s) => s.message.text === "Only an admin can do this."));
    // The same menu pressed by an operator (a forwarded or forged message) changes nothing.
    const q = t.fake.press(user(ANN), current(ADA, menu).message, button(current(ADA, menu), "Reset responsible on close"));
    await t.fake.until(() => t.fake.answered(q));
    expect(getSetting(t.app.db, "resetOnClose")).toBe(true);

    t.fake.send(user(ADA), { text: "/reset_on_close off" });
    await t.fake.until(() => t.fake.botMessages(ADA).some((s) => s.message.text === "Reset on close is now off."));
    expect(getSetting(t.app.db, "resetOnClose")).toBe(false);
  });

  it("closes with reset on: the client's next message arrives as a new, unassigned chat", async () => {
    t.fake.send(user(ADA), { text: "/reset_on_close on" });
    await t.fake.until(() => getSetting(t.app.db, "resetOnClose"));
    const carol = await clientChat();
    const annCard = await card(ANN);
    t.fake.press(user(ANN), annCard.message, button(annCard, "Claim"));
    await t.fake.until(() => getChat(t.app.db, 1)?.responsibleId === ANN);
    const fresh = await t.fake.until(() => {
      const now = current(ANN, annCard);
      return labels(now).includes("✅ Close") && now.message.text?.includes("Responsible: you") ? now : undefined;
    });
    t.fake.press(user(ANN), fresh.message, button(fresh, "Close"));
    await t.fake.until(() => getChat(t.app.db, 1)?.status === "closed");
    expect(getChat(t.app.db, 1)?.responsibleId).toBeNull();
    const before = t.fake.botMessages(BEN).length;
    t.fake.send(carol, { text: "new question" });
    // Ben follows "new and mine", so the unassigned chat reaches him again.
    await t.fake.until(() =>
      t.fake
        .botMessages(BEN)
        .slice(before)
        .some((s) => s.message.text === "new question"),
    );
    expect(getChat(t.app.db, 1)).toMatchObject({ status: "open", responsibleId: null });
  });
});

describe("group chats", () => {
  it("relays a group chat's messages but offers no Claim or Assign, and refuses a forged claim", async () => {
    const member = t.fake.user(600, "Gus");
    const group = { id: -100500, type: "supergroup", title: "Partners" } as const;
    t.fake.send(member, { text: "hello from the group" }, { chat: group as any });
    const groupCard = await t.fake.until(() => t.fake.botMessages(ANN).find((s) => s.message.text?.includes("Partners")));
    await t.fake.until(() =>
      t.fake.botMessages(ANN).some((s) => s.message.text === "hello from the group" && (s.message as any).forward_origin),
    );
    expect(groupCard.message.text).toContain("Group chat: no responsible");
    expect(labels(groupCard)).not.toContain("🙋 Claim");
    expect(labels(groupCard)).not.toContain("👥 Assign");
    const chat = getChat(t.app.db, 1)!;
    const q = t.fake.press(user(ANN), groupCard.message, `oc:cl:${chat.id}:${chat.version}`);
    await t.fake.until(() => t.fake.answered(q));
    expect(t.fake.callsOf("answerCallbackQuery").at(-1)!.params.text).toContain("responsibles are for personal chats only");
    expect(getChat(t.app.db, 1)?.responsibleId).toBeNull();
  });
});
