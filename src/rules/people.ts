import { randomBytes } from "node:crypto";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { prepared } from "../db/prepared.js";
import { invites, operators } from "../db/schema.js";
import type { Clock, Store } from "../db/store.js";

export type Operator = typeof operators.$inferSelect;
export type Role = Operator["role"];

export const INVITE_LIFETIME_MS = 24 * 60 * 60 * 1000;

export interface Person {
  id: number;
  name: string;
  username?: string | undefined;
}

export function getOperator(db: Store, id: number): Operator | undefined {
  return prepared(db, "operator.byId", (d) =>
    d
      .select()
      .from(operators)
      .where(eq(operators.id, sql.placeholder("id")))
      .prepare(),
  ).get({ id });
}

/** An operator another row points at, or just written: operators are never deleted, only deactivated. */
export function referencedOperator(db: Store, id: number): Operator {
  const op = getOperator(db, id);
  if (!op) throw new Error(`operator ${id} is referenced but does not exist`);
  return op;
}

/** An operator who may act: exists and is not deactivated. */
export function getActiveOperator(db: Store, id: number): Operator | undefined {
  const op = getOperator(db, id);
  return op?.active ? op : undefined;
}

/** The acting person of an admin-only rule, if they are an active admin at the moment the rule runs. */
export function activeAdmin(db: Store, id: number): Operator | undefined {
  const op = getActiveOperator(db, id);
  return op?.role === "admin" ? op : undefined;
}

/** What an admin-only rule answers anyone else. */
export type NotAdmin = { ok: false; reason: "not_admin" };
export const NOT_ADMIN: NotAdmin = Object.freeze({ ok: false, reason: "not_admin" });

export function listActiveOperators(db: Store): Operator[] {
  return db.select().from(operators).where(eq(operators.active, true)).orderBy(asc(operators.name), asc(operators.id)).all();
}

export function listOperators(db: Store): Operator[] {
  return db.select().from(operators).orderBy(asc(operators.name), asc(operators.id)).all();
}

/**
 * `ADMIN_IDS` is the deployer's own statement, applied at every start: each listed id is an active admin
 * afterwards, even one deactivated or demoted in the console since (removing an admin for good means taking
 * them out of `ADMIN_IDS` too). Returns whom it restored, so the start-up log says so.
 */
export function seedAdmins(db: Store, ids: number[], clock: Clock): Array<{ id: number; was: "deactivated" | "operator" }> {
  return db.transaction((tx) => {
    const restored: Array<{ id: number; was: "deactivated" | "operator" }> = [];
    for (const id of ids) {
      const before = getOperator(tx, id);
      if (before && !before.active) restored.push({ id, was: "deactivated" });
      else if (before && before.role !== "admin") restored.push({ id, was: "operator" });
      tx.insert(operators)
        .values({ id, name: `Admin ${id}`, role: "admin", active: true, createdAt: clock() })
        .onConflictDoUpdate({ target: operators.id, set: { role: "admin", active: true } })
        .run();
    }
    return restored;
  });
}

/** Keeps the stored name current with the person's Telegram profile, and marks them reachable again. */
export function refreshOperatorProfile(db: Store, person: Person & { languageCode?: string | undefined }): void {
  db.update(operators)
    .set({ name: person.name, username: person.username ?? null, languageCode: person.languageCode ?? null, unreachable: false })
    .where(eq(operators.id, person.id))
    .run();
}

/**
 * The language an operator reads the console in; `null` goes back to their Telegram app's. Each operator sets
 * their own (the acting operator is the one changed), and only while active: a deactivated one gets false.
 */
export function setOwnLocale(db: Store, operatorId: number, locale: string | null): boolean {
  return (
    db
      .update(operators)
      .set({ locale })
      .where(and(eq(operators.id, operatorId), eq(operators.active, true)))
      .run().changes === 1
  );
}

/**
 * A new one-time invite. `requestMessageId` is the admin's /invite message: the same message handled again
 * (a replayed update, a webhook retry) gets the invite it made the first time, so one request makes one link.
 */
export function createInvite(
  db: Store,
  adminId: number,
  clock: Clock,
  requestMessageId?: number,
): { ok: true; code: string; expiresAt: number } | NotAdmin {
  return db.transaction((tx) => {
    // Only an active admin brings people into the team, whichever handler asks.
    if (!activeAdmin(tx, adminId)) return NOT_ADMIN;
    if (requestMessageId !== undefined) {
      const made = tx
        .select({ code: invites.code, expiresAt: invites.expiresAt })
        .from(invites)
        .where(and(eq(invites.createdBy, adminId), eq(invites.requestMessageId, requestMessageId)))
        .get();
      if (made) return { ok: true as const, ...made };
    }
    // 16 random bytes in base64url: 22 characters, within Telegram's 64-character deep-link payload.
    const code = randomBytes(16).toString("base64url");
    const now = clock();
    const expiresAt = now + INVITE_LIFETIME_MS;
    tx.insert(invites)
      .values({ code, createdBy: adminId, requestMessageId: requestMessageId ?? null, createdAt: now, expiresAt })
      .run();
    return { ok: true as const, code, expiresAt };
  });
}

export type RedeemResult =
  | { ok: true; operator: Operator; invitedBy: number }
  | { ok: false; reason: "unknown" | "used" | "expired" | "already_operator" };

/** Turns the person into an operator if the code is valid; the code is spent by a compare-and-set. */
export function redeemInvite(db: Store, code: string, person: Person, clock: Clock): RedeemResult {
  const now = clock();
  return db.transaction((tx) => {
    const invite = tx.select().from(invites).where(eq(invites.code, code)).get();
    if (!invite) return { ok: false, reason: "unknown" } as const;
    if (invite.usedBy !== null) return { ok: false, reason: "used" } as const;
    if (invite.expiresAt <= now) return { ok: false, reason: "expired" } as const;
    const existing = getOperator(tx, person.id);
    if (existing?.active) return { ok: false, reason: "already_operator" } as const;
    const spent = tx
      .update(invites)
      .set({ usedBy: person.id, usedAt: now })
      .where(and(eq(invites.code, code), isNull(invites.usedBy)))
      .run();
    if (spent.changes !== 1) return { ok: false, reason: "used" } as const;
    tx.insert(operators)
      .values({ id: person.id, name: person.name, username: person.username ?? null, role: "operator", createdAt: now })
      // Re-joining is joining: whatever role they had before they were deactivated, they come back as an operator.
      .onConflictDoUpdate({
        target: operators.id,
        set: { active: true, role: "operator", name: person.name, username: person.username ?? null },
      })
      .run();
    return { ok: true, operator: referencedOperator(tx, person.id), invitedBy: invite.createdBy } as const;
  });
}

export function displayName(op: Pick<Operator, "name" | "username">): string {
  return op.username ? `${op.name} (@${op.username})` : op.name;
}
