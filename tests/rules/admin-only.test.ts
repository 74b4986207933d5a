import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addMember, createGroup, removeMember, setAlgorithm } from "../../src/rules/groups.js";
import { createInvite, getOperator, seedAdmins } from "../../src/rules/people.js";
import { addSavedReply, deleteSavedReply, editSavedReply } from "../../src/rules/saved-replies.js";
import { setNumberSetting, setSetting } from "../../src/rules/settings.js";
import { addTeamTag, removeTeamTag } from "../../src/rules/tags.js";
import { deactivate, setRole } from "../../src/rules/team.js";
import { rulesFixture, type RulesFixture } from "../support/rules-fixture.js";

let f: RulesFixture;
/** A reply in the team library, which only admins may change. */
let teamReply: number;
const ADMIN = 1;
const OLD_ADMIN = 2;
const ANN = 11;
const BEN = 12;
const STRANGER = 99;

beforeEach(() => {
  f = rulesFixture();
  f.operator(ADMIN, "Admin", { role: "admin" });
  f.operator(OLD_ADMIN, "Old admin", { role: "admin", active: false });
  f.operator(ANN, "Ann");
  f.operator(BEN, "Ben");
  const made = addSavedReply(f.db, ADMIN, "team", "Greeting", { kind: "text", text: "Hello {client_name}" }, f.clock);
  if (!made.ok) throw new Error(made.reason);
  teamReply = made.reply.id;
  f.db.$client.prepare("insert into tags (name, created_at) values ('vip', 0)").run();
});
afterEach(() => f.close());

function state(): string {
  return JSON.stringify(
    ["operators", "groups", "group_members", "settings", "invites", "saved_replies", "tags", "chat_tags"].map((t) =>
      f.db.$client.prepare(`select * from ${t} order by rowid`).all(),
    ),
  );
}

function existingGroup(): number {
  const made = createGroup(f.db, ADMIN, { name: "Sales", algorithm: "round_robin", members: [ANN] }, f.clock);
  if (!made.ok) throw new Error(made.reason);
  return made.group.id;
}

/** Every admin-only rule, as a refused actor would call it. */
const RULES: Record<string, (actor: number, group: number) => { ok: boolean; reason?: string }> = {
  createGroup: (actor) => createGroup(f.db, actor, { name: "Support", algorithm: "random", members: [ANN, BEN] }, f.clock),
  setAlgorithm: (actor, group) => setAlgorithm(f.db, actor, group, "fewest_open"),
  addMember: (actor, group) => addMember(f.db, actor, group, BEN),
  removeMember: (actor, group) => removeMember(f.db, actor, group, ANN),
  setSetting: (actor) => setSetting(f.db, actor, "resetOnClose", true),
  setNumberSetting: (actor) => setNumberSetting(f.db, actor, "watchdogMinutes", 30),
  setRole: (actor) => setRole(f.db, actor, ANN, "admin"),
  deactivate: (actor) => deactivate(f.db, actor, BEN, f.clock),
  createInvite: (actor) => createInvite(f.db, actor, f.clock),
  addSavedReply: (actor) => addSavedReply(f.db, actor, "team", "Bye", { kind: "text", text: "Bye" }, f.clock),
  editSavedReply: (actor) => editSavedReply(f.db, actor, teamReply, { title: "Hi" }, f.clock),
  deleteSavedReply: (actor) => deleteSavedReply(f.db, actor, teamReply),
  addTeamTag: (actor) => addTeamTag(f.db, actor, "billing", f.clock),
  removeTeamTag: (actor) => removeTeamTag(f.db, actor, "vip"),
};

describe("admin-only rules take the acting person and refuse anyone who is not an active admin", () => {
  it("refuses an operator, a deactivated admin and a stranger, changing nothing", () => {
    const group = existingGroup();
    for (const [name, rule] of Object.entries(RULES)) {
      for (const actor of [ANN, OLD_ADMIN, STRANGER]) {
        const before = state();
        expect(rule(actor, group), `${name} by ${actor}`).toEqual({ ok: false, reason: "not_admin" });
        expect(state(), `${name} by ${actor}`).toBe(before);
      }
    }
  });

  it("lets an active admin do each of them", () => {
    const group = existingGroup();
    for (const [name, rule] of Object.entries(RULES)) expect(rule(ADMIN, group).ok, name).toBe(true);
    expect(f.db.$client.prepare("select name, algorithm from groups order by id").all()).toEqual([
      { name: "Sales", algorithm: "fewest_open" },
      { name: "Support", algorithm: "random" },
    ]);
    expect(f.db.$client.prepare("select group_id g, operator_id o from group_members order by 1, 2").all()).toEqual([
      { g: group, o: BEN },
      { g: group + 1, o: ANN },
      { g: group + 1, o: BEN },
    ]);
  });

  it("refuses an admin demoted a moment ago", () => {
    f.operator(3, "Second admin", { role: "admin" });
    expect(setRole(f.db, ADMIN, 3, "operator").ok).toBe(true);
    expect(createGroup(f.db, 3, { name: "Late", algorithm: "random", members: [] }, f.clock)).toEqual({ ok: false, reason: "not_admin" });
    expect(f.db.$client.prepare("select count(*) n from groups").get()).toEqual({ n: 0 });
  });
});

describe("ADMIN_IDS at start-up", () => {
  it("makes each listed id an active admin, and names those it restored so the start-up log can say so", () => {
    f.operator(3, "Demoted", { role: "operator" });
    expect(seedAdmins(f.db, [ADMIN, OLD_ADMIN, 3, 4], f.clock)).toEqual([
      { id: OLD_ADMIN, was: "deactivated" },
      { id: 3, was: "operator" },
    ]);
    for (const id of [ADMIN, OLD_ADMIN, 3, 4]) expect(getOperator(f.db, id), String(id)).toMatchObject({ role: "admin", active: true });
    expect(seedAdmins(f.db, [ADMIN, OLD_ADMIN, 3, 4], f.clock)).toEqual([]);
  });
});
