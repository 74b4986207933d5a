import { expect } from "vitest";
import type { Db } from "../../src/db/client.js";
import { assignments, chats, operators, outbox } from "../../src/db/schema.js";

/** The promises about responsibles that no interleaving of operations may break. */
export function checkInvariants(db: Db): void {
  const active = new Set(
    db
      .select()
      .from(operators)
      .all()
      .filter((o) => o.active)
      .map((o) => o.id),
  );
  const everyone = new Set(
    db
      .select()
      .from(operators)
      .all()
      .map((o) => o.id),
  );
  const history = db.select().from(assignments).orderBy(assignments.id).all();
  for (const c of db.select().from(chats).all()) {
    const where = `chat #${c.id}`;
    if (c.responsibleId !== null) expect(active.has(c.responsibleId), `${where}: responsible is active`).toBe(true);
    if (c.kind === "group") expect(c.responsibleId, `${where}: group chats have no responsible`).toBeNull();
    if (!c.responsibleEnabled) expect([c.responsibleId, c.queuedGroupId], `${where}: switched off`).toEqual([null, null]);
    if (c.queuedGroupId !== null) expect(c.responsibleId, `${where}: queued means unassigned`).toBeNull();
    if (c.status === "closed") expect(c.awaitingReplySince, `${where}: closed chats wait for nobody`).toBeNull();
    const last = history.filter((a) => a.chatId === c.id).at(-1);
    expect(last?.toOperatorId ?? null, `${where}: the record agrees with the chat`).toBe(c.responsibleId);
  }
  const pendingToInactive = (db.select().from(outbox).all() as Array<{ status: string; destinationChatId: number }>).filter(
    (r) => r.status === "pending" && everyone.has(r.destinationChatId) && !active.has(r.destinationChatId),
  );
  expect(pendingToInactive, "nothing is queued for a deactivated operator").toEqual([]);
}
