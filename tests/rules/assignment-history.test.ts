import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { assignmentHistory } from "../../src/rules/assignment-history.js";
import { assign, claim } from "../../src/rules/responsibles.js";
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

describe("assignment history", () => {
  it("lists one chat's changes of responsible, oldest first, same-millisecond changes in the order made", () => {
    const chat = f.clientWrites(500);
    const other = f.clientWrites(501);
    expect(assignmentHistory(f.db, chat.id)).toEqual([]);
    claim(f.db, chat.id, ANN, f.clock);
    claim(f.db, other.id, BEN, f.clock);
    assign(f.db, chat.id, BEN, { operatorId: ADMIN }, f.clock);
    f.advance(1000);
    assign(f.db, chat.id, null, { api: true }, f.clock);
    const history = assignmentHistory(f.db, chat.id);
    expect(history.map((a) => [a.fromOperatorId, a.toOperatorId, a.byOperatorId, a.how])).toEqual([
      [null, ANN, ANN, "claim"],
      [ANN, BEN, ADMIN, "manual"],
      [BEN, null, null, "api"],
    ]);
    expect(history.map((a) => a.at)).toEqual([f.clock() - 1000, f.clock() - 1000, f.clock()]);
  });
});
