import { beforeEach, describe, expect, it } from "vitest";
import { getChat } from "../src/rules/chats.js";
import { groupMemberList, listGroups } from "../src/rules/groups.js";
import { getActiveOperator, getOperator } from "../src/rules/people.js";
import { deactivate, setRole } from "../src/rules/team.js";
import type { Stored } from "./support/fake-telegram/world.js";
import { button, labels } from "./support/buttons.js";
import { consoleForEachTest } from "./support/console.js";
import { addOperator } from "./support/team.js";

const ADA = 100;
const ANN = 101;
const BEN = 102;

const t = consoleForEachTest({ adminIds: [ADA], conversationTimeoutMs: 60_000 });

beforeEach(async () => {
  t.fake.user(ADA, "Ada");
  addOperator(t.app.db, t.fake.user(ANN, "Ann"));
  addOperator(t.app.db, t.fake.user(BEN, "Ben"));
});

const ada = () => t.fake.world.chat(ADA)!.chat as any;
const say = (text: string) => t.fake.send(ada(), { text });
const latest = (prefix: string) => t.fake.until(() => t.fake.botMessages(ADA).findLast((s) => s.message.text?.startsWith(prefix)));
const current = (stored: Stored) => t.fake.world.find(ADA, stored.message.message_id)!;

describe("creating a group in a dialogue", () => {
  it("asks name, algorithm and members, then creates the group", async () => {
    say("/newgroup");
    await latest("New group.");
    say("Sales");
    const algo = await latest("How should Sales pick");
    expect(labels(algo)).toEqual(["round robin", "fewest open chats", "random", "Cancel"]);
    t.fake.press(ada(), algo.message, button(algo, "fewest open chats"));
    const members = await latest("Who is in Sales?");
    t.fake.press(ada(), members.message, button(members, "Ann"));
    await t.fake.until(() => labels(current(members)).includes("✅ Ann"));
    t.fake.press(ada(), current(members).message, button(current(members), "Ben"));
    await t.fake.until(() => labels(current(members)).includes("✅ Ben"));
    t.fake.press(ada(), current(members).message, button(current(members), "Done"));
    await latest("Group Sales created");
    const [group] = listGroups(t.app.db);
    expect(group).toMatchObject({ name: "Sales", algorithm: "fewest_open" });
    expect(groupMemberList(t.app.db, group!.id).map((o) => o.id)).toEqual([ANN, BEN]);
  });

  it("can be left with /cancel, creating nothing, and the console works normally afterwards", async () => {
    say("/newgroup");
    await latest("New group.");
    say("/cancel");
    await latest("Cancelled.");
    expect(listGroups(t.app.db)).toHaveLength(0);
    say("/groups");
    await latest("No groups yet");
  });

  it("stops when the admin is demoted meanwhile, at whatever step, and creates nothing", async () => {
    const zed = t.fake.user(103, "Zed");
    addOperator(t.app.db, zed, { role: "admin" });
    // Demoted while choosing members: Done is refused.
    say("/newgroup");
    await latest("New group.");
    say("Sales");
    const algo = await latest("How should Sales pick");
    t.fake.press(ada(), algo.message, button(algo, "random"));
    const members = await latest("Who is in Sales?");
    t.fake.press(ada(), members.message, button(members, "Ann"));
    await t.fake.until(() => labels(current(members)).includes("✅ Ann"));
    expect(setRole(t.app.db, zed.id, ADA, "operator").ok).toBe(true);
    t.fake.press(ada(), current(members).message, button(current(members), "Done"));
    await latest("You are no longer an admin");
    expect(listGroups(t.app.db)).toHaveLength(0);

    // Demoted while the name is asked: the name is refused.
    expect(setRole(t.app.db, zed.id, ADA, "admin").ok).toBe(true);
    say("/newgroup");
    await t.fake.until(() => t.fake.botMessages(ADA).filter((s) => s.message.text?.startsWith("New group.")).length === 2);
    expect(setRole(t.app.db, zed.id, ADA, "operator").ok).toBe(true);
    const before = t.fake.botMessages(ADA).length;
    say("Support");
    await t.fake.until(() =>
      t.fake
        .botMessages(ADA)
        .slice(before)
        .some((s) => s.message.text?.startsWith("You are no longer an admin")),
    );
    expect(
      t.fake
        .botMessages(ADA)
        .slice(before)
        .some((s) => s.message.text?.startsWith("How should")),
    ).toBe(false);
    expect(listGroups(t.app.db)).toHaveLength(0);
  });

  it("lets replies to clients and card buttons through at every step: the client gets the answer, the dialogue goes on", async () => {
    const carol = t.fake.user(500, "Carol");
    t.fake.send(carol, { text: "hi" });
    const copy = await t.fake.until(() => t.fake.botMessages(ADA).find((s) => s.message.text === "hi"));
    const card = t.fake.botMessages(ADA).find((s) => s.message.text?.startsWith("💬 #1"))!;

    say("/newgroup");
    await latest("New group.");
    // The name step: a reply to the client is for the client, not the group's name.
    t.fake.send(ada(), { text: "Hello Carol" }, { replyTo: copy.message.message_id });
    await t.fake.until(() => t.fake.botMessages(carol.id).some((s) => s.message.text === "Hello Carol"));
    t.fake.send(ada(), { photo: true, caption: "our price list" }, { replyTo: copy.message.message_id });
    await t.fake.until(() => t.fake.botMessages(carol.id).some((s) => s.message.caption === "our price list"));
    say("Sales");
    const algo = await latest("How should Sales pick");
    // The algorithm step: a reply and a card button.
    t.fake.send(ada(), { text: "One moment" }, { replyTo: copy.message.message_id });
    await t.fake.until(() => t.fake.botMessages(carol.id).some((s) => s.message.text === "One moment"));
    t.fake.press(ada(), card.message, button(card, "Close"));
    await t.fake.until(() => getChat(t.app.db, 1)?.status === "closed");
    t.fake.press(ada(), algo.message, button(algo, "round robin"));
    const members = await latest("Who is in Sales?");
    // The members step.
    t.fake.send(ada(), { voice: true }, { replyTo: copy.message.message_id });
    await t.fake.until(() => t.fake.botMessages(carol.id).some((s) => s.message.voice));
    t.fake.press(ada(), members.message, button(members, "Ben"));
    await t.fake.until(() => labels(current(members)).includes("✅ Ben"));
    t.fake.press(ada(), current(members).message, button(current(members), "Done"));
    await latest("Group Sales created");
    const [group] = listGroups(t.app.db);
    expect(group).toMatchObject({ name: "Sales", algorithm: "round_robin" });
    expect(groupMemberList(t.app.db, group!.id).map((o) => o.id)).toEqual([BEN]);
    expect(t.fake.botMessages(carol.id).map((s) => s.message.text ?? s.message.caption ?? "voice")).toEqual([
      "Hello Carol",
      "our price list",
      "One moment",
      "voice",
    ]);
  });

  it("ends with /cancel typed at every step, creating nothing", async () => {
    const steps: Array<(name: string) => Promise<void>> = [
      async () => {},
      async (name) => {
        say(name);
        await latest(`How should ${name} pick`);
      },
      async (name) => {
        say(name);
        const algo = await latest(`How should ${name} pick`);
        t.fake.press(ada(), algo.message, button(algo, "random"));
        await latest(`Who is in ${name}?`);
      },
    ];
    for (const [i, reach] of steps.entries()) {
      say("/newgroup");
      await t.fake.until(() => t.fake.botMessages(ADA).filter((s) => s.message.text?.startsWith("New group.")).length === i + 1);
      await reach(`Team${i}`);
      say("/cancel");
      await t.fake.until(
        () => t.fake.botMessages(ADA).filter((s) => s.message.text === "Cancelled. Nothing was created.").length === i + 1,
      );
    }
    expect(listGroups(t.app.db)).toHaveLength(0);
    // The dialogue is over: the next text is not taken as an answer.
    say("/groups");
    await latest("No groups yet");
  });

  it("refuses a plain operator", async () => {
    t.fake.send(t.fake.world.chat(ANN)!.chat as any, { text: "/newgroup" });
    await t.fake.until(() => t.fake.botMessages(ANN).some((s) => s.message.text === "Only an admin can do this."));
  });
});

describe("the roster", () => {
  it("deactivates an operator from /operators: their chat goes back to unassigned and the team is told", async () => {
    const carol = t.fake.user(500, "Carol");
    t.fake.send(carol, { text: "hi" });
    const copy = await t.fake.until(() => t.fake.botMessages(ANN).find((s) => s.message.text === "hi"));
    t.fake.send(t.fake.world.chat(ANN)!.chat as any, { text: "Ann here" }, { replyTo: copy.message.message_id });
    await t.fake.until(() => getChat(t.app.db, 1)?.responsibleId === ANN);

    say("/operators");
    const roster = await latest("The team.");
    t.fake.press(ada(), roster.message, button(roster, "Ann"));
    await t.fake.until(() => labels(current(roster)).includes("🚫 Deactivate"));
    t.fake.press(ada(), current(roster).message, button(current(roster), "Deactivate"));
    await t.fake.until(() => getOperator(t.app.db, ANN)?.active === false);
    expect(getChat(t.app.db, 1)?.responsibleId).toBeNull();
    await t.fake.until(() =>
      t.fake.botMessages(BEN).some((s) => s.message.text?.includes("deactivated Ann") && s.message.text.includes("#1 Carol")),
    );
    // Ann can no longer act: her commands and buttons are refused.
    t.fake.send(t.fake.world.chat(ANN)!.chat as any, { text: "/online" });
    await t.fake.until(() => t.fake.botMessages(ANN).some((s) => s.message.text === "This is for the team's operators only."));
  });
});

describe("the groups menu", () => {
  it("changes a group's algorithm and members for an admin, and refuses the same menu once they are demoted", async () => {
    const zed = t.fake.user(103, "Zed");
    addOperator(t.app.db, zed, { role: "admin" });
    say("/newgroup");
    await latest("New group.");
    say("Sales");
    const algo = await latest("How should Sales pick");
    t.fake.press(ada(), algo.message, button(algo, "round robin"));
    const members = await latest("Who is in Sales?");
    t.fake.press(ada(), members.message, button(members, "Done"));
    await latest("Group Sales created");

    say("/groups");
    const menu = await latest("Groups.");
    t.fake.press(ada(), menu.message, button(menu, "Sales"));
    await t.fake.until(() => labels(current(menu)).some((l) => l.includes("tap to change")));
    const q = t.fake.press(ada(), current(menu).message, button(current(menu), "tap to change"));
    await t.fake.until(() => labels(current(menu)).some((l) => l.includes("fewest open chats (tap to change)")));
    expect(t.fake.answered(q)).toBe(true);
    t.fake.press(ada(), current(menu).message, button(current(menu), "Ann"));
    await t.fake.until(() => labels(current(menu)).includes("✅ Ann"));
    const [group] = listGroups(t.app.db);
    expect(group?.algorithm).toBe("fewest_open");
    expect(groupMemberList(t.app.db, group!.id).map((o) => o.id)).toEqual([ANN]);

    expect(setRole(t.app.db, zed.id, ADA, "operator").ok).toBe(true);
    const edits = current(menu).edits;
    const refused = t.fake.press(ada(), current(menu).message, button(current(menu), "Ben"));
    await t.fake.until(() => t.fake.answered(refused));
    const answer = t.fake.callsOf("answerCallbackQuery").find((c) => c.params.callback_query_id === refused);
    expect(answer?.params).toMatchObject({ text: "Only an admin can do this.", show_alert: true });
    expect(groupMemberList(t.app.db, group!.id).map((o) => o.id)).toEqual([ANN]);
    expect(current(menu).edits).toBe(edits);
  });
});

describe("ADMIN_IDS", () => {
  /** A restart once the bot is polling (stopping grammY while it starts up rejects a pending retry delay). */
  async function restartWhenPolling(): Promise<void> {
    const before = t.fake.botMessages(ADA).length;
    say("/help");
    await t.fake.until(() => t.fake.botMessages(ADA).length > before);
    await t.restart();
  }

  it("is applied at every start: a listed admin deactivated or demoted in the console is an active admin again after a restart", async () => {
    const zed = t.fake.user(103, "Zed");
    addOperator(t.app.db, zed, { role: "admin" });
    expect(deactivate(t.app.db, zed.id, ADA, t.app.deps.clock).ok).toBe(true);
    await restartWhenPolling();
    expect(getActiveOperator(t.app.db, ADA)?.role).toBe("admin");
    expect(setRole(t.app.db, zed.id, ADA, "operator").ok).toBe(true);
    await restartWhenPolling();
    expect(getActiveOperator(t.app.db, ADA)?.role).toBe("admin");
    // Only listed ids: Zed, deactivated by Ada, stays deactivated across a restart.
    expect(deactivate(t.app.db, ADA, zed.id, t.app.deps.clock).ok).toBe(true);
    await restartWhenPolling();
    expect(getOperator(t.app.db, zed.id)?.active).toBe(false);
    say("/operators");
    await latest("The team.");
  });
});
