import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { recordOperatorReply } from "../../src/rules/replies.js";
import { closeChat } from "../../src/rules/responsibles.js";
import { tagReport } from "../../src/rules/tag-report.js";
import { addTeamTag, normaliseTag, setChatTag, TEAM_TAG_LIMIT, tagsOf } from "../../src/rules/tags.js";
import { rulesFixture, type RulesFixture } from "../support/rules-fixture.js";

let f: RulesFixture;
const ADMIN = 1;
const ANN = 11;
const GONE = 12;

beforeEach(() => {
  f = rulesFixture();
  f.operator(ADMIN, "Admin", { role: "admin" });
  f.operator(ANN, "Ann");
  f.operator(GONE, "Gone", { active: false });
});
afterEach(() => f.close());

function reply(op: number, chatId: number) {
  const outcome = recordOperatorReply(
    f.db,
    { operatorId: op, telegramMessageId: f.nextTelegramId(), replyToTelegramMessageId: f.cardFor(op, chatId), kind: "text", text: "ok" },
    f.clock,
  );
  expect(outcome.status).toBe("sent");
}

describe("tag names", () => {
  it("are one lower-case word of letters, digits, _ and -, without #, at most 32 characters", () => {
    expect(normaliseTag("  #VIP ")).toBe("vip");
    expect(normaliseTag("Оплата_2")).toBe("оплата_2");
    expect(normaliseTag("late-payer")).toBe("late-payer");
    for (const bad of ["", "#", "two words", "a,b", "emoji🙂", "x".repeat(33)]) expect(normaliseTag(bad), bad).toBeUndefined();
    expect(normaliseTag("x".repeat(32))).toBe("x".repeat(32));
  });

  it(`stop at ${TEAM_TAG_LIMIT} on the team's list`, () => {
    for (let i = 0; i < TEAM_TAG_LIMIT; i++) expect(addTeamTag(f.db, ADMIN, `t${i}`, f.clock).ok).toBe(true);
    expect(addTeamTag(f.db, ADMIN, "one-more", f.clock)).toEqual({ ok: false, reason: "too_many" });
  });
});

describe("tagging a chat", () => {
  it("takes only the team's tags, from active operators, and says when nothing changed", () => {
    f.clientWrites(500);
    expect(addTeamTag(f.db, ADMIN, "vip", f.clock).ok).toBe(true);
    expect(setChatTag(f.db, { operatorId: GONE }, 1, "vip", true, f.clock)).toEqual({ ok: false, reason: "not_operator" });
    expect(setChatTag(f.db, { operatorId: ANN }, 1, "gold", true, f.clock)).toEqual({ ok: false, reason: "unknown_tag" });
    expect(setChatTag(f.db, { operatorId: ANN }, 1, "no way", true, f.clock)).toEqual({ ok: false, reason: "invalid" });
    expect(setChatTag(f.db, { operatorId: ANN }, 99, "vip", true, f.clock)).toEqual({ ok: false, reason: "not_found" });
    expect(setChatTag(f.db, { operatorId: ANN }, 1, "VIP", true, f.clock)).toMatchObject({ ok: true, changed: true });
    expect(setChatTag(f.db, { operatorId: ANN }, 1, "vip", true, f.clock)).toMatchObject({ ok: true, changed: false });
    expect(tagsOf(f.db, 1).map((t) => t.name)).toEqual(["vip"]);
  });
});

describe("the report cut by tag", () => {
  it("counts only the chats carrying the tag: messages, first responses and closings per operator", () => {
    addTeamTag(f.db, ADMIN, "vip", f.clock);
    const from = f.clock();
    f.clientWrites(500);
    f.clientWrites(501);
    setChatTag(f.db, { operatorId: ANN }, 1, "vip", true, f.clock);
    f.advance(60_000);
    reply(ANN, 1);
    reply(ANN, 2);
    expect(closeChat(f.db, 1, ANN, f.clock).ok).toBe(true);
    const report = tagReport(f.db, "vip", from, f.clock() + 1)!;
    expect(report).toMatchObject({ activeChats: 1, newChats: 1, clientMessages: 1 });
    expect(report.lines).toEqual([{ operatorId: ANN, name: "Ann", closed: 1, messagesSent: 1, firstResponseMedianMs: 60_000 }]);
    expect(report.totals).toMatchObject({ closed: 1, messagesSent: 1 });
    expect(tagReport(f.db, "gold", from, f.clock())).toBeUndefined();
  });
});
