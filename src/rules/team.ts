import { and, eq, sql } from "drizzle-orm";
import { chats, operators } from "../db/schema.js";
import type { Clock, Store } from "../db/store.js";
import { type Chat, referencedChat } from "./chats.js";
import { drainQueues, type Random } from "./groups.js";
import { chatRef } from "./events.js";
import { eventRecipients, notifyOperators } from "./notifications.js";
import { failPendingTo } from "./outbox.js";
import { getActiveOperator, type Operator, referencedOperator } from "./people.js";
import { changeResponsible } from "./responsibles.js";

/** `/online` and `/away`. Coming online serves the queues of the operator's groups; returns the chats it got. */
export function setAvailability(db: Store, operatorId: number, availability: "online" | "away", clock: Clock, random?: Random): Chat[] {
  db.update(operators)
    .set({ availability, lastSeenOnlineAt: availability === "online" ? clock() : sql`${operators.lastSeenOnlineAt}` })
    .where(and(eq(operators.id, operatorId), eq(operators.active, true)))
    .run();
  return availability === "online" ? drainQueues(db, operatorId, clock, random) : [];
}

export type TeamRefusal = "not_admin" | "not_found" | "last_admin" | "unchanged";
export type TeamOutcome = { ok: true; operator: Operator; released: Chat[] } | { ok: false; reason: TeamRefusal };

function countActiveAdmins(db: Store): number {
  return db.get<{ n: number }>(sql`SELECT count(*) AS n FROM operators WHERE role = 'admin' AND active = 1`)?.n ?? 0;
}

/** Promote to admin or demote to operator; the team always keeps at least one active admin. */
export function setRole(db: Store, adminId: number, targetId: number, role: Operator["role"]): TeamOutcome {
  return db.transaction((tx) => {
    if (getActiveOperator(tx, adminId)?.role !== "admin") return { ok: false, reason: "not_admin" } as const;
    const target = getActiveOperator(tx, targetId);
    if (!target) return { ok: false, reason: "not_found" } as const;
    if (target.role === role) return { ok: false, reason: "unchanged" } as const;
    if (role === "operator" && countActiveAdmins(tx) <= 1) return { ok: false, reason: "last_admin" } as const;
    tx.update(operators).set({ role }).where(eq(operators.id, targetId)).run();
    return { ok: true, operator: referencedOperator(tx, targetId), released: [] } as const;
  });
}

/**
 * A deactivated operator keeps their history but receives nothing and can do nothing: their open chats go
 * back to unassigned, what was queued for them is dropped, and the team is told which chats need a new owner.
 */
export function deactivate(db: Store, adminId: number, targetId: number, clock: Clock): TeamOutcome {
  return db.transaction((tx) => {
    const admin = getActiveOperator(tx, adminId);
    if (admin?.role !== "admin") return { ok: false, reason: "not_admin" } as const;
    const target = getActiveOperator(tx, targetId);
    if (!target) return { ok: false, reason: "not_found" } as const;
    if (target.role === "admin" && countActiveAdmins(tx) <= 1) return { ok: false, reason: "last_admin" } as const;
    tx.update(operators).set({ active: false, availability: "away" }).where(eq(operators.id, targetId)).run();
    const theirs = tx.select().from(chats).where(eq(chats.responsibleId, targetId)).all();
    // The one way a responsible changes: recorded, cards redrawn; the deactivated operator is told nothing.
    const released = theirs.map(
      (chat) => changeResponsible(tx, chat, null, { how: "deactivation", by: adminId }, clock) ?? referencedChat(tx, chat.id),
    );
    failPendingTo(tx, targetId, "deactivated", clock);
    const team = eventRecipients(
      tx,
      tx
        .select({ id: operators.id })
        .from(operators)
        .where(eq(operators.active, true))
        .all()
        .map((o) => o.id),
    );
    const open = released.filter((c) => c.status === "open");
    notifyOperators(tx, team, { kind: "deactivated", by: admin.name, operator: target.name, released: open.map(chatRef) }, clock);
    return { ok: true, operator: referencedOperator(tx, targetId), released } as const;
  });
}
