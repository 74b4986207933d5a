import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connectionOf } from "../../src/db/client.js";
import { statement } from "../../src/db/prepared.js";
import { rulesFixture, type RulesFixture } from "../support/rules-fixture.js";

let f: RulesFixture;
beforeEach(() => {
  f = rulesFixture();
});
afterEach(() => f.close());

describe("the SQLite connection under a store", () => {
  it("is the database's own for the database, its transactions and their savepoints", () => {
    const seen = f.db.transaction((tx) => [connectionOf(tx), tx.transaction((inner) => connectionOf(inner))]);
    expect(connectionOf(f.db)).toBe(f.db.$client);
    expect(seen).toEqual([f.db.$client, f.db.$client]);
  });

  it("runs a statement compiled outside a transaction inside one, and sees its uncommitted writes", () => {
    const count = () => (statement(f.db, "SELECT count(*) AS n FROM settings").get() as { n: number }).n;
    expect(count()).toBe(0);
    f.db.transaction((tx) => {
      statement(tx, "INSERT INTO settings (key, value) VALUES ('k', 'v')").run();
      expect((statement(tx, "SELECT count(*) AS n FROM settings").get() as { n: number }).n).toBe(1);
    });
    expect(count()).toBe(1);
  });

  it("is refused for an object that is no store", () => {
    expect(() => connectionOf({} as never)).toThrow("not a database or transaction opened by openDatabase");
  });
});
