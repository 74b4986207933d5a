import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Backup, BackupTaker } from "../../src/db/backup.js";
import { backupOnRequest } from "../../src/rules/backup.js";
import { rulesFixture } from "../support/rules-fixture.js";

let f: ReturnType<typeof rulesFixture>;
beforeEach(() => {
  f = rulesFixture();
});
afterEach(() => f.close());

/** Counts the copies asked for; the real service has its own tests. */
function counting(): BackupTaker & { taken: number } {
  return {
    taken: 0,
    async backupNow(): Promise<Backup> {
      this.taken++;
      return { path: "/backups/x.sqlite", bytes: 1, at: 0 };
    },
  };
}

describe("backupOnRequest", () => {
  it("lets an active admin take a backup and refuses everyone else without taking one", async () => {
    const backups = counting();
    f.operator(1, "Ada", { role: "admin" });
    f.operator(2, "Ann");
    f.operator(3, "Old admin", { role: "admin", active: false });
    expect(await backupOnRequest(f.db, 2, backups)).toEqual({ ok: false, reason: "not_admin" });
    expect(await backupOnRequest(f.db, 3, backups)).toEqual({ ok: false, reason: "not_operator" });
    expect(await backupOnRequest(f.db, 999, backups)).toEqual({ ok: false, reason: "not_operator" });
    expect(backups.taken).toBe(0);
    expect(await backupOnRequest(f.db, 1, backups)).toMatchObject({ ok: true, backup: { path: "/backups/x.sqlite" } });
    expect(await backupOnRequest(f.db, 1, undefined)).toEqual({ ok: false, reason: "unavailable" });
    expect(backups.taken).toBe(1);
  });
});
