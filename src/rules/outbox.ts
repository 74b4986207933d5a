import { and, eq, gt, inArray, sql } from "drizzle-orm";
import { outbox } from "../db/schema.js";
import type { Clock, Store } from "../db/store.js";

/** What a delivery row asks the worker to do; ids named `messageId` are the console's own message ids. */
export type OutboxPayload =
  /** A chat card for an operator, drawn at send time so it shows the chat's state when it arrives. */
  | { type: "card"; chatId: number; silent: boolean; headline?: string | undefined }
  /** Copies of Telegram messages (several for an album, sent as one group). */
  | {
      type: "copy";
      fromChatId: number;
      sourceMessageIds: number[];
      messageIds: number[];
      replyToMessageId?: number | undefined;
      silent: boolean;
      /**
       * The responsible's name under the reply (a team setting). A text message is then sent anew with the
       * name appended, since a copy's text cannot be changed; media get it in the caption.
       */
      signature?: { name: string; kind: string; text?: string | undefined; entities?: unknown[] | undefined } | undefined;
      /** Forward instead of copy, so the author shows (messages from a group chat). */
      forward?: boolean | undefined;
      /** Who hears about it when this copy cannot be delivered: the operator whose reply it is. */
      failureNotice?: { operatorId: number; sourceMessageId: number } | undefined;
    }
  | { type: "notice"; text: string; replyToMessageId?: number | undefined; silent: boolean }
  /** Redraws the operator's newest card for a chat after the chat changed (edits it; sends nothing new). */
  | { type: "refresh_card"; chatId: number }
  /** Applies an operator's edit to the client's copy of their message. */
  | { type: "edit"; messageId: number; text: string; caption: boolean };

export type OutboxRow = typeof outbox.$inferSelect & { payload: OutboxPayload };

export interface Enqueue {
  destinationChatId: number;
  payload: OutboxPayload;
  chatId?: number | undefined;
  messageId?: number | undefined;
  gatherKey?: string | undefined;
  notBefore?: number | undefined;
}

/** How long the first part of an album waits for its siblings, which Telegram delivers as separate updates. */
export const ALBUM_GATHER_MS = 800;

export function enqueue(db: Store, row: Enqueue, clock: Clock): number {
  const now = clock();
  const inserted = db
    .insert(outbox)
    .values({
      destinationChatId: row.destinationChatId,
      kind: row.payload.type,
      payload: row.payload,
      chatId: row.chatId ?? null,
      messageId: row.messageId ?? null,
      gatherKey: row.gatherKey ?? null,
      notBefore: row.notBefore ?? now,
      createdAt: now,
    })
    .returning({ id: outbox.id })
    .get();
  return inserted.id;
}

/**
 * Adds an album part to the row its first part opened for this destination, while that row is still in its
 * gathering window (so the worker cannot have picked it up). Returns false when there is no such row.
 */
export function appendToGatheredCopy(
  db: Store,
  destinationChatId: number,
  gatherKey: string,
  part: { sourceMessageId: number; messageId: number },
  clock: Clock,
): boolean {
  const row = db
    .select()
    .from(outbox)
    .where(
      and(
        eq(outbox.gatherKey, gatherKey),
        eq(outbox.destinationChatId, destinationChatId),
        eq(outbox.status, "pending"),
        eq(outbox.attempts, 0),
        gt(outbox.notBefore, clock()),
      ),
    )
    .get() as OutboxRow | undefined;
  if (!row || row.payload.type !== "copy") return false;
  const payload = row.payload;
  // Telegram's copyMessages takes at most 100 ids; an album has at most 10, so this only guards bad input.
  if (payload.sourceMessageIds.length >= 100) return false;
  const parts = payload.sourceMessageIds.map((s, i) => ({ s, m: payload.messageIds[i]! }));
  parts.push({ s: part.sourceMessageId, m: part.messageId });
  parts.sort((a, b) => a.s - b.s);
  db.update(outbox)
    .set({ payload: { ...payload, sourceMessageIds: parts.map((p) => p.s), messageIds: parts.map((p) => p.m) } })
    .where(eq(outbox.id, row.id))
    .run();
  return true;
}

/**
 * The next row of each destination that is due, oldest first. A destination whose head row is not due yet
 * yields nothing, which is what keeps each destination's rows in order.
 */
export function dueHeads(db: Store, now: number, skipDestinations: Iterable<number>, limit: number): OutboxRow[] {
  const skip = [...skipDestinations];
  const heads = db.all<{ id: number }>(sql`
    SELECT o.id AS id FROM outbox o
    WHERE o.id IN (SELECT min(id) FROM outbox WHERE status = 'pending' GROUP BY destination_chat_id)
      AND o.not_before <= ${now}
      ${skip.length ? sql`AND o.destination_chat_id NOT IN (${sql.join(skip.map((d) => sql`${d}`), sql`, `)})` : sql``}
    ORDER BY o.id
    LIMIT ${limit}`);
  if (heads.length === 0) return [];
  return db.select().from(outbox).where(inArray(outbox.id, heads.map((h) => h.id))).orderBy(outbox.id).all() as OutboxRow[];
}

/** When the earliest pending row becomes due, so the worker can sleep until then. */
export function nextDueAt(db: Store): number | undefined {
  const row = db.get<{ at: number | null }>(sql`SELECT min(not_before) AS at FROM outbox WHERE status = 'pending'`);
  return row?.at ?? undefined;
}

export function markSent(db: Store, id: number, clock: Clock): void {
  db.update(outbox).set({ status: "sent", doneAt: clock(), lastError: null }).where(eq(outbox.id, id)).run();
}

export function markFailed(db: Store, id: number, reason: string, clock: Clock): void {
  db.update(outbox).set({ status: "failed", doneAt: clock(), lastError: reason }).where(eq(outbox.id, id)).run();
}

export function reschedule(db: Store, id: number, notBefore: number, reason: string, countAttempt: boolean): void {
  db.update(outbox)
    .set({
      notBefore,
      lastError: reason,
      attempts: countAttempt ? sql`${outbox.attempts} + 1` : outbox.attempts,
    })
    .where(eq(outbox.id, id))
    .run();
}

/** Fails every pending row to a destination that can no longer be reached (the person blocked the bot). */
export function failPendingTo(db: Store, destinationChatId: number, reason: string, clock: Clock): OutboxRow[] {
  return db
    .update(outbox)
    .set({ status: "failed", doneAt: clock(), lastError: reason })
    .where(and(eq(outbox.destinationChatId, destinationChatId), eq(outbox.status, "pending")))
    .returning()
    .all() as OutboxRow[];
}

export function pendingCount(db: Store): number {
  return db.get<{ n: number }>(sql`SELECT count(*) AS n FROM outbox WHERE status = 'pending'`)?.n ?? 0;
}
