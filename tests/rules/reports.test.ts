import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { recordOperatorReply } from "../../src/rules/replies.js";
import { createConsoleI18n } from "../../src/bot/create-bot.js";
import { teamReport } from "../../src/rules/reports.js";
import { assign, claim, closeChat } from "../../src/rules/responsibles.js";
import { translator } from "../../src/views/i18n.js";
import { reportCsv } from "../../src/views/reports.js";
import { wordsIn } from "../../src/views/words.js";
import { rulesFixture, type RulesFixture } from "../support/rules-fixture.js";

let f: RulesFixture;
const ADMIN = 1;
const ANN = 2;
const BEN = 3;
const S = 1000;
let t0 = 0;

beforeEach(() => {
  f = rulesFixture();
  f.operator(ADMIN, "Admin", { role: "admin" });
  f.operator(ANN, "Ann");
  f.operator(BEN, "Ben");
  t0 = f.clock();
});
afterEach(() => f.close());

const at = (seconds: number) => f.set(t0 + seconds * S);
function answer(op: number, chatId: number) {
  const outcome = recordOperatorReply(
    f.db,
    { operatorId: op, telegramMessageId: f.nextTelegramId(), replyToTelegramMessageId: f.cardFor(op, chatId), kind: "text", text: "ok" },
    f.clock,
  );
  expect(outcome.status).toBe("sent");
}

/** A constructed history whose figures are worked out by hand below. */
function history() {
  at(0);
  const one = f.clientWrites(500).id;
  at(60);
  answer(ANN, one); // auto-assigned to Ann; first response 60 s
  at(120);
  f.clientWrites(500);
  at(300);
  answer(ANN, one); // 180 s
  at(600);
  closeChat(f.db, one, ANN, f.clock); // resolution 600 s, Ann's
  at(1000);
  const two = f.clientWrites(501).id;
  at(1010);
  claim(f.db, two, BEN, f.clock);
  at(1020);
  assign(f.db, two, ANN, { operatorId: BEN }, f.clock); // Ben out 1, Ann in 1
  at(1100);
  answer(ANN, two); // 100 s
  at(2000);
  const three = f.clientWrites(502).id;
  at(2030);
  answer(BEN, three); // 30 s, auto-assigned to Ben
  at(2400);
  closeChat(f.db, three, ADMIN, f.clock); // resolution 400 s, credited to Ben, the responsible
}

describe("reports", () => {
  it("computes each operator's figures and the team's from the history", () => {
    history();
    const report = teamReport(f.db, t0, t0 + 3600 * S);
    const ann = report.lines.find((l) => l.name === "Ann");
    const ben = report.lines.find((l) => l.name === "Ben");
    expect(ann).toEqual({
      operatorId: ANN,
      name: "Ann",
      assigned: 2,
      closed: 1,
      messagesSent: 3,
      firstResponseMedianMs: 100 * S,
      firstResponseP90Ms: 180 * S,
      resolutionMedianMs: 600 * S,
      reassignedIn: 1,
      reassignedOut: 0,
    });
    expect(ben).toEqual({
      operatorId: BEN,
      name: "Ben",
      assigned: 2,
      closed: 1,
      messagesSent: 1,
      firstResponseMedianMs: 30 * S,
      firstResponseP90Ms: 30 * S,
      resolutionMedianMs: 400 * S,
      reassignedIn: 0,
      reassignedOut: 1,
    });
    expect(report.totals).toMatchObject({
      assigned: 3,
      closed: 2,
      messagesSent: 4,
      firstResponseMedianMs: 80 * S,
      firstResponseP90Ms: 180 * S,
      resolutionMedianMs: 500 * S,
      reassignedIn: 1,
      reassignedOut: 1,
    });
    // The admin did nothing but close someone else's chat: no line of their own.
    expect(report.lines.map((l) => l.name)).toEqual(["Ann", "Ben"]);
  });

  it("counts only what falls inside the period", () => {
    history();
    const late = teamReport(f.db, t0 + 1050 * S, t0 + 3600 * S);
    expect(late.lines.find((l) => l.name === "Ann")).toMatchObject({
      assigned: 0,
      messagesSent: 1,
      firstResponseMedianMs: 100 * S,
      closed: 0,
      reassignedIn: 0,
    });
    expect(late.lines.find((l) => l.name === "Ben")).toMatchObject({ assigned: 1, messagesSent: 1, closed: 1, reassignedOut: 0 });
  });

  it("gives an operator their own line even when empty, and writes CSV", () => {
    history();
    const own = teamReport(f.db, t0, t0 + 3600 * S, ADMIN);
    expect(own.lines).toHaveLength(1);
    expect(own.lines[0]).toMatchObject({ name: "Admin", assigned: 0, messagesSent: 0 });
    const csv = reportCsv(wordsIn(translator(createConsoleI18n("en"), "en"), "en"), teamReport(f.db, t0, t0 + 3600 * S))
      .trim()
      .split("\n");
    expect(csv[0]).toBe(
      "operator_id,operator,chats_assigned,chats_closed,messages_sent,first_response_median_s,first_response_p90_s,resolution_median_s,reassigned_in,reassigned_out",
    );
    expect(csv[1]).toBe(`${ANN},"Ann",2,1,3,100,180,600,1,0`);
    expect(csv.at(-1)).toBe(`,"Team",3,2,4,80,180,500,1,1`);
  });
});
