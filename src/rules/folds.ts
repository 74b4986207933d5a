import { statement } from "../db/prepared.js";
import type { Clock, Store } from "../db/store.js";
import type { Chat } from "./chats.js";
import type { Recipient } from "./notifications.js";
import { ALBUM_GATHER_MS, type Enqueue, enqueueMany } from "./outbox.js";
import { getNumberSetting } from "./settings.js";

// Both queries repeat the partial index outbox_chat_backlog's condition word for word: SQLite uses a partial
// index only for a query that repeats its WHERE terms (it does not infer `kind IN (...)` from `kind = 'fold'`),
// and without it scans every pending row.
export const FLOOD_CAP_QUERIES = {
  openFolds:
    "SELECT destination_chat_id AS dest, max(id) AS id FROM outbox WHERE chat_id = ? AND kind = 'fold' AND status = 'pending' AND kind IN ('copy', 'fold') AND json_extract(payload, '$.sealed') IS NULL GROUP BY destination_chat_id",
  unsentCopies:
    "SELECT destination_chat_id AS dest, count(*) AS n FROM outbox WHERE chat_id = ? AND kind = 'copy' AND status = 'pending' AND kind IN ('copy', 'fold') GROUP BY destination_chat_id",
};

/** Each operator's fold notice for this chat still open to join (pending, count not yet final). */
function openFolds(db: Store, chatId: number): Map<number, number> {
  const rows = statement(db, FLOOD_CAP_QUERIES.openFolds).all(chatId) as Array<{ dest: number; id: number }>;
  return new Map(rows.map((r) => [r.dest, r.id]));
}

/** For each operator: copies of this chat still to be sent to them. */
function unsentCopies(db: Store, chatId: number): Map<number, number> {
  const rows = statement(db, FLOOD_CAP_QUERIES.unsentCopies).all(chatId) as Array<{ dest: number; n: number }>;
  return new Map(rows.map((r) => [r.dest, r.n]));
}

/**
 * The flood cap. Of a client message's recipients, returns those who get a copy. For an operator whose queue
 * already holds the cap's worth of this chat's copies, the message is counted in one pending fold notice
 * ("Carol sent N more messages") instead, created or updated; while that notice waits, every later message of
 * the chat joins it, so the operator's view stays in order. Copies resume once delivery has started to send it.
 * The messages themselves are stored as always and are in the chat's history.
 *
 * It runs for every client message, and a flooding chat is exactly when it must stay cheap: the open notices are
 * found through the index by kind (a handful of rows, not the whole backlog), joined in one statement, and the
 * copies are counted only for operators who have no open notice.
 */
export function foldOverflow(db: Store, chat: Chat, recipients: Recipient[], albumPart: boolean, clock: Clock): Recipient[] {
  const folds = openFolds(db, chat.id);
  // An album's parts arrive one by one: the notice waits for the rest, so an album is never split around it.
  const notBefore = albumPart ? clock() + ALBUM_GATHER_MS : 0;
  const joining: number[] = [];
  const others: Recipient[] = [];
  for (const r of recipients) {
    const foldId = folds.get(r.operatorId);
    if (foldId === undefined) others.push(r);
    else joining.push(foldId);
  }
  if (joining.length > 0)
    statement(
      db,
      "UPDATE outbox SET payload = json_set(payload, '$.count', json_extract(payload, '$.count') + 1), not_before = max(not_before, ?) WHERE id IN (SELECT value FROM json_each(?))",
    ).run(notBefore, JSON.stringify(joining));
  if (others.length === 0) return others;
  const cap = getNumberSetting(db, "foldAfter");
  if (cap <= 0) return others;
  const copies = unsentCopies(db, chat.id);
  if (copies.size === 0) return others;
  const copying: Recipient[] = [];
  const newFolds: Enqueue[] = [];
  for (const r of others) {
    if ((copies.get(r.operatorId) ?? 0) >= cap) newFolds.push(foldRow(r.operatorId, chat.id, 1, r.silent, notBefore || undefined));
    else copying.push(r);
  }
  enqueueMany(db, newFolds, clock);
  return copying;
}

function foldRow(operatorId: number, chatId: number, count: number, silent: boolean, notBefore?: number): Enqueue {
  return { destinationChatId: operatorId, payload: { type: "fold", chatId, count, silent }, chatId, cardFirst: true, notBefore };
}

/**
 * Delivery is about to send a fold notice: from now on its count is final (what the operator is shown), and the
 * chat's next messages are copies again, queued after it. Returns the count to show.
 */
export function sealFold(db: Store, rowId: number): number {
  return db.transaction((tx) => {
    statement(tx, "UPDATE outbox SET payload = json_set(payload, '$.sealed', json('true')) WHERE id = ?").run(rowId);
    const row = statement(tx, "SELECT json_extract(payload, '$.count') AS count FROM outbox WHERE id = ?").get(rowId) as
      | { count: number }
      | undefined;
    return row?.count ?? 0;
  });
}
