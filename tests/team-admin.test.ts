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
    await t.fake.until(() => t.fake.botMessages(BEN).some((s) => s.message.text?.includes("deactivated Ann") && s.message.text.includes("#1 Carol")));
    // Ann can no longer act: her commands and buttons are refused.
    t.fake.send(t.fake.world.chat(ANN)!.chat as any, { text: "/online" });
    await t.fake.until(() => t.fake.botMessages(ANN).some((s) => s.message.text === "This is for the team's operators only."));
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
