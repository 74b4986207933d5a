import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getChat } from "../../src/rules/chats.js";
import { assignToGroup, createGroup, type Algorithm } from "../../src/rules/groups.js";
import { claim } from "../../src/rules/responsibles.js";
import { setAvailability } from "../../src/rules/team.js";
import { rulesFixture, type RulesFixture } from "../support/rules-fixture.js";

let f: RulesFixture;
const ADMIN = 1;
const [A, B, C] = [11, 12, 13];

beforeEach(() => {
  f = rulesFixture();
  f.operator(ADMIN, "Admin", { role: "admin" });
  f.operator(A, "Ann");
  f.operator(B, "Ben");
  f.operator(C, "Cat");
});
afterEach(() => f.close());

function group(algorithm: Algorithm, members = [A, B, C]): number {
  const made = createGroup(f.db, ADMIN, { name: `G-${algorithm}`, algorithm, members }, f.clock);
  if (!made.ok) throw new Error(made.reason);
  return made.group.id;
}

function handTo(groupId: number, client: number, random?: () => number): number | null {
  const chat = f.clientWrites(client);
  const outcome = assignToGroup(f.db, chat.id, groupId, { operatorId: ADMIN }, f.clock, random);
  expect(outcome.ok).toBe(true);
  return getChat(f.db, chat.id)!.responsibleId;
}

describe("group algorithms pick only available members", () => {
  it("round robin cycles through the online members and skips the away one", () => {
    const g = group("round_robin");
    f.online(A);
    f.online(C);
    expect([500, 501, 502, 503].map((c) => handTo(g, c))).toEqual([A, C, A, C]);
    expect(f.assignments().every((a) => a.how === "group" && a.groupId === g)).toBe(true);
  });

  it("fewest open chats picks the least loaded member", () => {
    const g = group("fewest_open");
    [A, B, C].forEach((id) => {
      f.online(id);
    });
    claim(f.db, f.clientWrites(400).id, A, f.clock);
    claim(f.db, f.clientWrites(401).id, A, f.clock);
    claim(f.db, f.clientWrites(402).id, B, f.clock);
    expect(handTo(g, 500)).toBe(C);
    expect(handTo(g, 501)).toBe(B);
    expect(handTo(g, 502)).toBe(C);
  });

  it("random uses the random source among available members only", () => {
    const g = group("random");
    f.online(B);
    f.online(C);
    expect(handTo(g, 500, () => 0)).toBe(B);
    expect(handTo(g, 501, () => 0.99)).toBe(C);
  });

  it("does not pick someone whose 'online' is from yesterday", () => {
    const g = group("round_robin", [A]);
    f.online(A);
    f.advance(24 * 60 * 60 * 1000);
    expect(handTo(g, 500)).toBeNull();
  });

  it("queues the chat when nobody is available, tells the members, and assigns it when one comes online", () => {
    const g = group("round_robin", [A, B]);
    const chat = f.clientWrites(500);
    claim(f.db, chat.id, C, f.clock);
    expect(assignToGroup(f.db, chat.id, g, { operatorId: C }, f.clock).ok).toBe(true);
    expect(getChat(f.db, chat.id)).toMatchObject({ responsibleId: null, queuedGroupId: g });
    expect(f.noticesTo(A).some((t) => t.includes("waits in the G-round_robin queue"))).toBe(true);
    expect(f.noticesTo(B).some((t) => t.includes("waits in the G-round_robin queue"))).toBe(true);
    const got = setAvailability(f.db, B, "online", f.clock);
    expect(got.map((c) => c.id)).toEqual([chat.id]);
    expect(getChat(f.db, chat.id)).toMatchObject({ responsibleId: B, queuedGroupId: null });
    expect(f.noticesTo(B)).toContain(`📌 #${chat.id} Client 500 waited in the G-round_robin queue; it is yours now that you are online.`);
    expect(f.noticesTo(B).some((t) => t.includes("an integration"))).toBe(false);
    expect(f.assignments().at(-1)).toMatchObject({ toId: B, byId: null, how: "queue", groupId: g });
  });

  it("refuses to hand a group chat to a group", () => {
    const g = group("round_robin");
    f.online(A);
    const chat = f.clientWrites(-900, "hi", true);
    expect(assignToGroup(f.db, chat.id, g, { operatorId: ADMIN }, f.clock)).toMatchObject({ ok: false, reason: "group_chat" });
  });
});
