import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getChat } from "../../src/rules/chats.js";
import { assignToGroup, createGroup } from "../../src/rules/groups.js";
import { messageRecipients } from "../../src/rules/notifications.js";
import { resolveHeldReply } from "../../src/rules/held-replies.js";
import { recordOperatorReply } from "../../src/rules/replies.js";
import { assign, claim, closeChat, reopenChat, setResponsibleEnabled } from "../../src/rules/responsibles.js";
import { setSetting } from "../../src/rules/settings.js";
import { deactivate, setRole } from "../../src/rules/team.js";
import { rulesFixture, type RulesFixture } from "../support/rules-fixture.js";

let f: RulesFixture;
const ADMIN = 1;
const ANN = 2;
const BEN = 3;

beforeEach(() => {
  f = rulesFixture();
  f.operator(ADMIN, "Admin", { role: "admin" });
  f.operator(ANN, "Ann");
  f.operator(BEN, "Ben");
});
afterEach(() => f.close());

function reply(operatorId: number, chatId: number, text = "answer") {
  return recordOperatorReply(
    f.db,
    { operatorId, telegramMessageId: f.nextTelegramId(), replyToTelegramMessageId: f.cardFor(operatorId, chatId), kind: "text", text },
    f.clock,
  );
}

describe("automatic assignment", () => {
  it("makes the first operator to answer an unassigned chat its responsible", () => {
    const chat = f.clientWrites(500);
    expect(reply(ANN, chat.id).status).toBe("sent");
    expect(getChat(f.db, chat.id)?.responsibleId).toBe(ANN);
    expect(f.assignments()).toEqual([{ chatId: chat.id, fromId: null, toId: ANN, byId: ANN, how: "auto", groupId: null }]);
    expect(getChat(f.db, chat.id)?.awaitingReplySince).toBeNull();
  });

  it("holds another operator's answer and asks: take over, send anyway or cancel", () => {
    const chat = f.clientWrites(500);
    reply(ANN, chat.id);
    const held = reply(BEN, chat.id, "me too");
    expect(held.status).toBe("held");
    if (held.status !== "held") return;
    expect(held.responsible?.name).toBe("Ann");
    const copiesToClient = () => f.outbox().filter((r) => r.destinationChatId === 500 && r.payload.type === "copy").length;
    expect(copiesToClient()).toBe(1);

    expect(resolveHeldReply(f.db, held.heldId, BEN, "cancel", f.clock).status).toBe("cancelled");
    expect(copiesToClient()).toBe(1);
    // A replayed button press finds nothing left to do.
    expect(resolveHeldReply(f.db, held.heldId, BEN, "send_anyway", f.clock).status).toBe("gone");

    const again = reply(BEN, chat.id, "me too");
    if (again.status !== "held") throw new Error("expected held");
    expect(resolveHeldReply(f.db, again.heldId, BEN, "send_anyway", f.clock)).toMatchObject({ status: "sent", tookOver: false });
    expect(getChat(f.db, chat.id)?.responsibleId).toBe(ANN);
    expect(copiesToClient()).toBe(2);

    const third = reply(BEN, chat.id, "taking it");
    if (third.status !== "held") throw new Error("expected held");
    expect(resolveHeldReply(f.db, third.heldId, BEN, "take_over", f.clock)).toMatchObject({ status: "sent", tookOver: true });
    expect(getChat(f.db, chat.id)?.responsibleId).toBe(BEN);
    expect(f.assignments().at(-1)).toMatchObject({ fromId: ANN, toId: BEN, how: "takeover" });
    expect(f.noticesTo(ANN).some((t) => t.includes("Ben took #1"))).toBe(true);
    // Only the presser can answer their own prompt.
    const fourth = reply(ANN, chat.id);
    if (fourth.status !== "held") throw new Error("expected held");
    expect(resolveHeldReply(f.db, fourth.heldId, BEN, "send_anyway", f.clock).status).toBe("gone");
  });
});

describe("claim and assign", () => {
  it("lets exactly one of two claims win, and the loser learns who has it", () => {
    const chat = f.clientWrites(500);
    expect(claim(f.db, chat.id, ANN, f.clock).ok).toBe(true);
    const second = claim(f.db, chat.id, BEN, f.clock);
    expect(second).toMatchObject({ ok: false, reason: "taken" });
    if (!second.ok) expect(second.responsible?.name).toBe("Ann");
    expect(f.assignments()).toHaveLength(1);
  });

  it("lets an admin or the responsible hand a chat on, and nobody else", () => {
    const chat = f.clientWrites(500);
    claim(f.db, chat.id, ANN, f.clock);
    expect(assign(f.db, chat.id, BEN, { operatorId: BEN }, f.clock)).toMatchObject({ ok: false, reason: "not_allowed" });
    expect(assign(f.db, chat.id, BEN, { operatorId: ANN }, f.clock).ok).toBe(true);
    expect(assign(f.db, chat.id, ANN, { operatorId: ADMIN }, f.clock).ok).toBe(true);
    expect(getChat(f.db, chat.id)?.responsibleId).toBe(ANN);
    expect(f.assignments().map((a) => [a.fromId, a.toId, a.byId, a.how])).toEqual([
      [null, ANN, ANN, "claim"],
      [ANN, BEN, ANN, "manual"],
      [BEN, ANN, ADMIN, "manual"],
    ]);
    expect(f.noticesTo(BEN).some((t) => t.includes("Ann made you responsible"))).toBe(true);
  });

  it("refuses a change based on a responsible that is no longer current", () => {
    const chat = f.clientWrites(500);
    claim(f.db, chat.id, ANN, f.clock);
    expect(assign(f.db, chat.id, BEN, { operatorId: ADMIN }, f.clock, { responsibleId: null })).toMatchObject({
      ok: false,
      reason: "taken",
    });
    expect(getChat(f.db, chat.id)?.responsibleId).toBe(ANN);
  });

  it("refuses a change based on a version of the chat that is no longer current, by hand or through a group", () => {
    const chat = f.clientWrites(500);
    const seen = getChat(f.db, chat.id)!.version;
    claim(f.db, chat.id, ANN, f.clock);
    expect(assign(f.db, chat.id, BEN, { api: true }, f.clock, { versions: [seen] })).toMatchObject({
      ok: false,
      reason: "stale",
      chat: { responsibleId: ANN },
    });
    const g = createGroup(f.db, ADMIN, { name: "Sales", algorithm: "round_robin", members: [BEN] }, f.clock);
    if (!g.ok) throw new Error(g.reason);
    f.online(BEN);
    expect(assignToGroup(f.db, chat.id, g.group.id, { api: true }, f.clock, Math.random, { versions: [seen] })).toMatchObject({
      ok: false,
      reason: "stale",
    });
    expect(assignToGroup(f.db, chat.id, g.group.id, { api: true }, f.clock, Math.random, { responsibleId: null })).toMatchObject({
      ok: false,
      reason: "taken",
    });
    expect(f.assignments()).toHaveLength(1);
    expect(assign(f.db, chat.id, BEN, { api: true }, f.clock, { versions: [seen, seen + 1], responsibleId: ANN })).toMatchObject({
      ok: true,
    });
  });

  it("refuses every way of giving a group chat a responsible", () => {
    const chat = f.clientWrites(-900, "hi all", true);
    expect(claim(f.db, chat.id, ANN, f.clock)).toMatchObject({ ok: false, reason: "group_chat" });
    expect(assign(f.db, chat.id, ANN, { operatorId: ADMIN }, f.clock)).toMatchObject({ ok: false, reason: "group_chat" });
    expect(assign(f.db, chat.id, ANN, { api: true }, f.clock)).toMatchObject({ ok: false, reason: "group_chat" });
    expect(reply(ANN, chat.id).status).toBe("sent");
    expect(getChat(f.db, chat.id)?.responsibleId).toBeNull();
    expect(f.assignments()).toHaveLength(0);
  });
});

describe("responsible off for one chat", () => {
  it("clears the responsible, refuses claims, and notifies like an unassigned chat", () => {
    const chat = f.clientWrites(500);
    claim(f.db, chat.id, ANN, f.clock);
    expect(messageRecipients(f.db, getChat(f.db, chat.id)!).map((r) => r.operatorId)).toEqual([ANN]);
    expect(setResponsibleEnabled(f.db, chat.id, false, ANN, f.clock).ok).toBe(true);
    const off = getChat(f.db, chat.id)!;
    expect(off.responsibleId).toBeNull();
    expect(claim(f.db, chat.id, BEN, f.clock)).toMatchObject({ ok: false, reason: "responsible_off" });
    expect(
      messageRecipients(f.db, off)
        .map((r) => r.operatorId)
        .sort(),
    ).toEqual([ADMIN, ANN, BEN]);
    // Answering does not assign it either.
    expect(reply(BEN, chat.id).status).toBe("sent");
    expect(getChat(f.db, chat.id)?.responsibleId).toBeNull();
    expect(setResponsibleEnabled(f.db, chat.id, true, BEN, f.clock).ok).toBe(true);
    expect(claim(f.db, chat.id, BEN, f.clock).ok).toBe(true);
  });
});

describe("close and reopen", () => {
  it("keeps the responsible when reset-on-close is off, and the client's next message reopens the chat", () => {
    const chat = f.clientWrites(500);
    claim(f.db, chat.id, ANN, f.clock);
    expect(closeChat(f.db, chat.id, BEN, f.clock)).toMatchObject({ ok: false, reason: "not_allowed" });
    expect(closeChat(f.db, chat.id, ANN, f.clock).ok).toBe(true);
    expect(getChat(f.db, chat.id)).toMatchObject({ status: "closed", responsibleId: ANN });
    f.clientWrites(500, "one more thing");
    expect(getChat(f.db, chat.id)).toMatchObject({ status: "open", responsibleId: ANN });
  });

  it("clears the responsible on close when reset-on-close is on, so the next message is a new chat for anyone", () => {
    setSetting(f.db, ADMIN, "resetOnClose", true);
    const chat = f.clientWrites(500);
    claim(f.db, chat.id, ANN, f.clock);
    expect(closeChat(f.db, chat.id, ADMIN, f.clock).ok).toBe(true);
    expect(getChat(f.db, chat.id)).toMatchObject({ status: "closed", responsibleId: null });
    expect(f.assignments().at(-1)).toMatchObject({ fromId: ANN, toId: null, how: "reset" });
    const reopened = f.clientWrites(500, "back again");
    expect(reopened).toMatchObject({ status: "open", responsibleId: null });
    expect(
      messageRecipients(f.db, reopened)
        .map((r) => r.operatorId)
        .sort(),
    ).toEqual([ADMIN, ANN, BEN]);
    expect(claim(f.db, chat.id, BEN, f.clock).ok).toBe(true);
  });

  it("reopens by hand and refuses to close twice", () => {
    const chat = f.clientWrites(500);
    expect(closeChat(f.db, chat.id, BEN, f.clock).ok).toBe(true);
    expect(closeChat(f.db, chat.id, BEN, f.clock)).toMatchObject({ ok: false, reason: "already_closed" });
    expect(reopenChat(f.db, chat.id, BEN, f.clock).ok).toBe(true);
    expect(getChat(f.db, chat.id)?.status).toBe("open");
  });
});

describe("team changes", () => {
  it("returns a deactivated operator's chats to unassigned, tells the team, and sends them nothing more", () => {
    const a = f.clientWrites(500);
    const b = f.clientWrites(501);
    claim(f.db, a.id, ANN, f.clock);
    claim(f.db, b.id, ANN, f.clock);
    expect(deactivate(f.db, BEN, ANN, f.clock)).toMatchObject({ ok: false, reason: "not_admin" });
    const result = deactivate(f.db, ADMIN, ANN, f.clock);
    expect(result.ok).toBe(true);
    expect([getChat(f.db, a.id)?.responsibleId, getChat(f.db, b.id)?.responsibleId]).toEqual([null, null]);
    expect(f.noticesTo(BEN).some((t) => t.includes("deactivated Ann") && t.includes("#1") && t.includes("#2"))).toBe(true);
    expect(messageRecipients(f.db, getChat(f.db, a.id)!).map((r) => r.operatorId)).not.toContain(ANN);
    expect(f.outbox().filter((r) => r.destinationChatId === ANN && r.status === "pending")).toHaveLength(0);
    expect(claim(f.db, a.id, ANN, f.clock)).toMatchObject({ ok: false, reason: "not_operator" });
    expect(assign(f.db, a.id, ANN, { operatorId: ADMIN }, f.clock)).toMatchObject({ ok: false, reason: "target_inactive" });
  });

  it("always keeps one active admin", () => {
    expect(setRole(f.db, ADMIN, ADMIN, "operator")).toMatchObject({ ok: false, reason: "last_admin" });
    expect(deactivate(f.db, ADMIN, ADMIN, f.clock)).toMatchObject({ ok: false, reason: "last_admin" });
    expect(setRole(f.db, ADMIN, ANN, "admin").ok).toBe(true);
    expect(setRole(f.db, ANN, ADMIN, "operator").ok).toBe(true);
  });
});

describe("a deactivated operator's cards", () => {
  it("are not redrawn: nothing at all is queued for them", () => {
    const chat = f.clientWrites(500);
    f.cardFor(BEN, chat.id);
    deactivate(f.db, ADMIN, BEN, f.clock);
    assign(f.db, chat.id, ANN, { api: true }, f.clock);
    expect(f.outbox().filter((r) => r.destinationChatId === BEN && r.status === "pending")).toEqual([]);
  });
});
