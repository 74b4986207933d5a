import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getChat } from "../src/rules/chats.js";
import { groupMemberList, listGroups } from "../src/rules/groups.js";
import { getOperator } from "../src/rules/people.js";
import { FakeTelegram } from "./support/fake-telegram/server.js";
import type { Stored } from "./support/fake-telegram/world.js";
import { button, labels } from "./support/buttons.js";
import { type RunningConsole, startConsole, tempDir } from "./support/console.js";
import { addOperator } from "./support/team.js";

let fake: FakeTelegram;
let dir: ReturnType<typeof tempDir>;
let app: RunningConsole;
const ADA = 100;
const ANN = 101;
const BEN = 102;

beforeEach(async () => {
  fake = await new FakeTelegram().start();
  dir = tempDir();
  app = await startConsole(fake, { dbPath: `${dir.path}/c.sqlite`, adminIds: [ADA], conversationTimeoutMs: 60_000 });
  fake.user(ADA, "Ada");
  addOperator(app.db, fake.user(ANN, "Ann"));
  addOperator(app.db, fake.user(BEN, "Ben"));
});

afterEach(async () => {
  await app.stop();
  await fake.stop();
  dir.remove();
});

const ada = () => fake.world.chat(ADA)!.chat as any;
const say = (text: string) => fake.send(ada(), { text });
const latest = (prefix: string) => fake.until(() => fake.botMessages(ADA).findLast((s) => s.message.text?.startsWith(prefix)));
const current = (stored: Stored) => fake.world.find(ADA, stored.message.message_id)!;

describe("creating a group in a dialogue", () => {
  it("asks name, algorithm and members, then creates the group", async () => {
    say("/newgroup");
    await latest("New group.");
    say("Sales");
    const algo = await latest("How should Sales pick");
    expect(labels(algo)).toEqual(["round robin", "fewest open chats", "random", "Cancel"]);
    fake.press(ada(), algo.message, button(algo, "fewest open chats"));
    const members = await latest("Who is in Sales?");
    fake.press(ada(), members.message, button(members, "Ann"));
    await fake.until(() => labels(current(members)).includes("✅ Ann"));
    fake.press(ada(), current(members).message, button(current(members), "Ben"));
    await fake.until(() => labels(current(members)).includes("✅ Ben"));
    fake.press(ada(), current(members).message, button(current(members), "Done"));
    await latest("Group Sales created");
    const [group] = listGroups(app.db);
    expect(group).toMatchObject({ name: "Sales", algorithm: "fewest_open" });
    expect(groupMemberList(app.db, group!.id).map((o) => o.id)).toEqual([ANN, BEN]);
  });

  it("can be left with /cancel, creating nothing, and the console works normally afterwards", async () => {
    say("/newgroup");
    await latest("New group.");
    say("/cancel");
    await latest("Cancelled.");
    expect(listGroups(app.db)).toHaveLength(0);
    say("/groups");
    await latest("No groups yet");
  });

  it("refuses a plain operator", async () => {
    fake.send(fake.world.chat(ANN)!.chat as any, { text: "/newgroup" });
    await fake.until(() => fake.botMessages(ANN).some((s) => s.message.text === "Only an admin can do this."));
  });
});

describe("the roster", () => {
  it("deactivates an operator from /operators: their chat goes back to unassigned and the team is told", async () => {
    const carol = fake.user(500, "Carol");
    fake.send(carol, { text: "hi" });
    const copy = await fake.until(() => fake.botMessages(ANN).find((s) => s.message.text === "hi"));
    fake.send(fake.world.chat(ANN)!.chat as any, { text: "Ann here" }, { replyTo: copy.message.message_id });
    await fake.until(() => getChat(app.db, 1)?.responsibleId === ANN);

    say("/operators");
    const roster = await latest("The team.");
    fake.press(ada(), roster.message, button(roster, "Ann"));
    await fake.until(() => labels(current(roster)).includes("🚫 Deactivate"));
    fake.press(ada(), current(roster).message, button(current(roster), "Deactivate"));
    await fake.until(() => getOperator(app.db, ANN)?.active === false);
    expect(getChat(app.db, 1)?.responsibleId).toBeNull();
    await fake.until(() => fake.botMessages(BEN).some((s) => s.message.text?.includes("deactivated Ann") && s.message.text.includes("#1 Carol")));
    // Ann can no longer act: her commands and buttons are refused.
    fake.send(fake.world.chat(ANN)!.chat as any, { text: "/online" });
    await fake.until(() => fake.botMessages(ANN).some((s) => s.message.text === "This is for the team's operators only."));
  });
});
