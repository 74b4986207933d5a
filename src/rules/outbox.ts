import { and, eq, gt, isNotNull, sql } from "drizzle-orm";
import { outbox } from "../db/schema.js";
import { statement } from "../db/prepared.js";
import type { Clock, Store } from "../db/store.js";
import type { Event } from "./events.js";
import type { ResendContent } from "./resend.js";

/** What the bot itself says to a client, worded at send time in the client's language. */
export type ClientPrompt =
  /** "How did we do?" with 1 to 5 buttons, about one closing of the chat. */
  | { kind: "rating"; closureId: number }
  /** Thanks for the comment on a rating. */
  | { kind: "comment_thanks" }
  /** The team's automatic answer outside business hours. */
  | { kind: "off_hours" };

/** What a delivery row asks the worker to do; ids named `messageId` are the console's own message ids. */
export type OutboxPayload =
  /** A chat card for an operator, drawn at send time so it shows the chat's state when it arrives. */
  /** `headline` is an event above the card (the watchdog's alarm); a string in rows queued before events. */
  /** `open`: asked for from the chat list; in the threaded inbox it becomes the card its topic keeps up to date. */
  | { type: "card"; chatId: number; silent: boolean; headline?: Event | string | undefined; open?: boolean | undefined }
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
      /**
       * What the client gets instead of the original's text or caption: a saved reply with its placeholders
       * filled in. Text is then sent anew, media copied with it as the caption.
       */
      replacement?: { kind: string; text: string; entities?: unknown[] | undefined } | undefined;
      /** Forward instead of copy, so the author shows (messages from a group chat). */
      forward?: boolean | undefined;
      /** Who hears about it when this copy cannot be delivered: the operator whose reply it is. */
      failureNotice?: { operatorId: number; sourceMessageId: number } | undefined;
      /**
       * Set where a copy is impossible (to or from a business account's chat): the message sent again by kind,
       * one entry per source message; null for a part that cannot be re-sent (it fails with a notice).
       */
      content?: Array<ResendContent | null> | undefined;
    }
  /**
   * A line for an operator: an event, put into words when it is sent, in the reader's language of the moment.
   * `text` is words already chosen, kept only to send rows queued before events existed; nothing writes it now.
   */
  | { type: "notice"; event?: Event | undefined; text?: string | undefined; replyToMessageId?: number | undefined; silent: boolean }
  /**
   * Stands for a client's messages past the flood cap in one operator's queue: "Carol sent N more messages",
   * with the History button. While pending it is updated (the count grows) instead of queuing more copies.
   */
  | { type: "fold"; chatId: number; count: number; silent: boolean; sealed?: boolean | undefined }
  /**
   * Stands for the client messages of other people's chats not sent to an operator whose queue is past the
   * backlog cap (backlog.ts), and the chats they came from. The counts are written when it is sent.
   */
  | { type: "backlog"; messages: number; chats: number; silent: boolean; sealed?: boolean | undefined }
  /** Redraws the operator's newest card for a chat after the chat changed (edits it; sends nothing new). */
  | { type: "refresh_card"; chatId: number }
  /** A message from the bot to a client (not an operator's answer): a rating question, the off-hours answer. */
  | { type: "client_prompt"; prompt: ClientPrompt }
  /** Applies an operator's edit to the client's copy of their message. */
  | { type: "edit"; messageId: number; text: string; caption: boolean; entities?: unknown[] | undefined }
  /** Marks a client's message read on behalf of a business account (readBusinessMessage). */
  | { type: "business_read"; telegramMessageId: number };

/** A literal, not a bound parameter, so SQLite can use the partial indexes on pending rows. */
const PENDING = sql`${outbox.status} = 'pending'`;

export type OutboxRow = typeof outbox.$inferSelect & { payload: OutboxPayload };

/** Who reads what a row sends: an operator in their chat with the bot, or a client. */
export type Destination = "operator" | "client";

export interface Enqueue {
  destinationChatId: number;
  /** Operator unless said otherwise: only replies and their edits go to clients. */
  destination?: Destination | undefined;
  payload: OutboxPayload;
  chatId?: number | undefined;
  messageId?: number | undefined;
  gatherKey?: string | undefined;
  notBefore?: number | undefined;
  /** An event or alert: ahead of the operator's conversation rows. */
  urgent?: boolean | undefined;
  /** Needs the chat's card before it when the operator last saw another chat. */
  cardFirst?: boolean | undefined;
}

const COLUMNS =
  "destination_chat_id, destination, kind, payload, chat_id, message_id, gather_key, not_before, created_at, urgent, card_first";
const MAX_ROWS_PER_INSERT = 50;

/** The INSERT for each number of rows, built once: the statement cache finds a literal it has seen faster. */
const INSERTS: string[] = [];
function insertFor(rows: number): string {
  let source = INSERTS[rows];
  if (source === undefined) {
    source = `INSERT INTO outbox (${COLUMNS}) VALUES ${Array(rows).fill("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)").join(", ")}`;
    INSERTS[rows] = source;
  }
  return source;
}

/**
 * Queues many rows with as few statements as possible: a client message can fan out to the whole team. Rows
 * that share one payload object (the copies of one message) have it serialised once.
 */
export function enqueueMany(db: Store, rows: Enqueue[], clock: Clock): void {
  const now = clock();
  const serialised = new Map<OutboxPayload, string>();
  for (let start = 0; start < rows.length; start += MAX_ROWS_PER_INSERT) {
    const end = Math.min(rows.length, start + MAX_ROWS_PER_INSERT);
    const params: unknown[] = [];
    for (let i = start; i < end; i++) {
      const r = rows[i]!;
      let json = serialised.get(r.payload);
      if (json === undefined) {
        json = JSON.stringify(r.payload);
        serialised.set(r.payload, json);
      }
      params.push(
        r.destinationChatId,
        r.destination ?? "operator",
        r.payload.type,
        json,
        r.chatId ?? null,
        r.messageId ?? null,
        r.gatherKey ?? null,
        r.notBefore ?? now,
        now,
        r.urgent ? 1 : 0,
        r.cardFirst ? 1 : 0,
      );
    }
    statement(db, insertFor(end - start)).run(params);
  }
}

/** How long the first part of an album waits for its siblings, which Telegram delivers as separate updates. */
export const ALBUM_GATHER_MS = 800;

export function enqueue(db: Store, row: Enqueue, clock: Clock): void {
  enqueueMany(db, [row], clock);
}

/** Queues one row and returns its id, for a row something else will point at. */
export function enqueueReturningId(db: Store, row: Enqueue, clock: Clock): number {
  enqueueMany(db, [row], clock);
  return (statement(db, "SELECT last_insert_rowid() AS id").get() as { id: number }).id;
}

/**
 * Adds an album part to the row its first part opened for this destination, while that row is still in its
 * gathering window (so the worker cannot have picked it up). Returns false when there is no such row.
 */
export function appendToGatheredCopy(
  db: Store,
  destinationChatId: number,
  gatherKey: string,
  part: { sourceMessageId: number; messageId: number; content?: ResendContent | null | undefined },
  clock: Clock,
): boolean {
  const row = db
    .select()
    .from(outbox)
    .where(
      and(
        eq(outbox.gatherKey, gatherKey),
        eq(outbox.destinationChatId, destinationChatId),
        isNotNull(outbox.gatherKey),
        PENDING,
        eq(outbox.attempts, 0),
        gt(outbox.notBefore, clock()),
      ),
    )
    .get() as OutboxRow | undefined;
  if (row?.payload.type !== "copy") return false;
  const payload = row.payload;
  // Telegram's copyMessages takes at most 100 ids; an album has at most 10, so this only guards bad input.
  if (payload.sourceMessageIds.length >= 100) return false;
  const parts = payload.sourceMessageIds.map((s, i) => ({ s, m: payload.messageIds[i]!, c: payload.content?.[i] ?? null }));
  parts.push({ s: part.sourceMessageId, m: part.messageId, c: part.content ?? null });
  parts.sort((a, b) => a.s - b.s);
  // Parts sent again by kind carry their content along, in the same order as their ids.
  const content = payload.content ? { content: parts.map((p) => p.c) } : {};
  db.update(outbox)
    .set({ payload: { ...payload, sourceMessageIds: parts.map((p) => p.s), messageIds: parts.map((p) => p.m), ...content } })
    .where(eq(outbox.id, row.id))
    .run();
  return true;
}

/** A pending row as the worker tracks it between sends. */
export interface PendingRef {
  id: number;
  destinationChatId: number;
  notBefore: number;
  /** The client chat it is about (null for team notices): the worker serves an operator's chats in turn. */
  chatId: number | null;
  urgent: boolean;
}

/**
 * Pending rows written after `afterId`, oldest first. Ids only grow, so the worker learns of new rows with a
 * range scan instead of an index on every destination (which cost a dozen page writes per message). The scan
 * reads the pending rows' own index, which finished rows leave: by rowid it walked every finished row after
 * `afterId`, about once a second while nothing was pending.
 */
export function pendingAfter(db: Store, afterId: number, limit: number): PendingRef[] {
  const rows = statement(
    db,
    "SELECT id, destination_chat_id AS destinationChatId, not_before AS notBefore, chat_id AS chatId, urgent FROM outbox INDEXED BY outbox_pending WHERE id > ? AND status = 'pending' ORDER BY id LIMIT ?",
  ).all(afterId, limit) as Array<Omit<PendingRef, "urgent"> & { urgent: number }>;
  return rows.map((r) => ({ ...r, urgent: r.urgent === 1 }));
}

/** A row as SQLite returns it, before its JSON and flags are read. */
type StoredRow = Omit<OutboxRow, "payload" | "urgent" | "cardFirst"> & { payload: string; urgent: number; cardFirst: number };

/**
 * Once per send (the worker re-reads the row before sending it): a compiled statement read by hand, since
 * drizzle's mapping of a selected row cost as much as the read.
 */
export function getOutboxRow(db: Store, id: number): OutboxRow | undefined {
  const row = statement(
    db,
    "SELECT id, destination_chat_id AS destinationChatId, destination, kind, payload, chat_id AS chatId, message_id AS messageId, gather_key AS gatherKey, urgent, card_first AS cardFirst, status, attempts, not_before AS notBefore, last_error AS lastError, created_at AS createdAt, done_at AS doneAt FROM outbox WHERE id = ?",
  ).get(id) as StoredRow | undefined;
  return row && { ...row, payload: JSON.parse(row.payload) as OutboxPayload, urgent: row.urgent === 1, cardFirst: row.cardFirst === 1 };
}

/**
 * Whether any pending row was written after `afterId`: the worker asks at every look, and mostly there is
 * none; a single id costs a tenth of reading a page of rows that turns out empty.
 */
export function anyPendingAfter(db: Store, afterId: number): boolean {
  return (
    statement(db, "SELECT 1 FROM outbox INDEXED BY outbox_pending WHERE id > ? AND status = 'pending' LIMIT 1").get(afterId) !== undefined
  );
}

/** Once per send: a compiled statement, not a query built anew each time. */
export function markSent(db: Store, id: number, clock: Clock): void {
  statement(db, "UPDATE outbox SET status = 'sent', done_at = ?, last_error = NULL WHERE id = ?").run(clock(), id);
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
    .where(and(eq(outbox.destinationChatId, destinationChatId), PENDING))
    .returning()
    .all() as OutboxRow[];
}

export function pendingCount(db: Store): number {
  return db.get<{ n: number }>(sql`SELECT count(*) AS n FROM outbox WHERE status = 'pending'`)?.n ?? 0;
}

/** How long finished rows are kept: long enough to look into a delivery problem, short enough to bound the table. */
export const OUTBOX_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Deletes finished rows older than the retention, a batch at a time (the oldest rows come first in id order,
 * so no index is needed). Pending rows are never touched, and the newest row never goes, so ids keep growing.
 * Threading and edits do not need these rows: what was delivered where is kept in the locations table.
 */
export function pruneOutbox(db: Store, clock: Clock, batch = 5_000): number {
  const cutoff = clock() - OUTBOX_RETENTION_MS;
  // Keeping the newest row matters: SQLite gives a new row max(id) + 1, and the worker finds new rows by id.
  return statement(
    db,
    "DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE status != 'pending' AND done_at < ? AND id < (SELECT max(id) FROM outbox) ORDER BY id LIMIT ?)",
  ).run(cutoff, batch).changes;
}
