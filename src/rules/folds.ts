import { statement } from "../db/prepared.js";
import type { Clock, Store } from "../db/store.js";
import type { Chat } from "./chats.js";
import type { Recipient } from "./notifications.js";
import { ALBUM_GATHER_MS, type Enqueue, enqueueReturningId } from "./outbox.js";
import { getNumberSetting } from "./settings.js";

// The count of copies repeats the partial index outbox_chat_backlog's condition word for word: SQLite uses a
// partial index only for a query that repeats its WHERE terms, and without it scans every pending row.
export const FLOOD_CAP_QUERIES = {
  openFolds:
    "SELECT f.operator_id AS dest, f.outbox_id AS id, coalesce(o.status = 'pending', 0) AS live FROM open_folds f LEFT JOIN outbox o ON o.id = f.outbox_id WHERE f.chat_id = ?",
  unsentCopies:
    "SELECT destination_chat_id AS dest, count(*) AS n FROM outbox WHERE chat_id = ? AND kind = 'copy' AND status = 'pending' AND kind IN ('copy', 'fold') GROUP BY destination_chat_id",
};

/**
 * Each operator's fold notice for this chat still open to join. A notice that left the queue without being
 * sealed (its operator was deactivated, say) is forgotten here, so the chat's next messages are copies again.
 */
function openFolds(db: Store, chatId: number): Map<number, number> {
  // Arrays, not objects: a flooding chat reads a row per operator for each of its messages.
  const rows = statement(db, FLOOD_CAP_QUERIES.openFolds).raw().all(chatId) as Array<[dest: number, id: number, live: number]>;
  const open = new Map<number, number>();
  for (const [dest, id, live] of rows) {
    if (live) open.set(dest, id);
    else statement(db, "DELETE FROM open_folds WHERE chat_id = ? AND operator_id = ?").run(chatId, dest);
  }
  return open;
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
 * It runs for every client message, and a flooding chat is exactly when it must stay cheap: the open notices
 * and their counts are in a narrow table keyed by chat, the counts move in one statement, and the copies are
 * counted only for operators who have no open notice.
 */
export function foldOverflow(db: Store, chat: Chat, recipients: Recipient[], albumPart: boolean, clock: Clock): Recipient[] {
  const folds = openFolds(db, chat.id);
  // An album's parts arrive one by one: the notice waits for the rest, so an album is never split around it.
  const notBefore = albumPart ? clock() + ALBUM_GATHER_MS : 0;
  const joining: number[] = [];
  const others: Recipient[] = [];
  for (const r of recipients) {
    if (folds.has(r.operatorId)) joining.push(r.operatorId);
    else others.push(r);
  }
  if (joining.length > 0) {
    // Usually every open notice of the chat joins; a set passed through json_each costs four times as much.
    if (joining.length === folds.size) statement(db, "UPDATE open_folds SET count = count + 1 WHERE chat_id = ?").run(chat.id);
    else
      for (const operatorId of joining)
        statement(db, "UPDATE open_folds SET count = count + 1 WHERE chat_id = ? AND operator_id = ?").run(chat.id, operatorId);
    if (albumPart)
      statement(db, "UPDATE outbox SET not_before = max(not_before, ?) WHERE id IN (SELECT value FROM json_each(?))").run(
        notBefore,
        JSON.stringify(joining.map((op) => folds.get(op))),
      );
  }
  if (others.length === 0) return others;
  const cap = getNumberSetting(db, "foldAfter");
  if (cap <= 0) return others;
  const copies = unsentCopies(db, chat.id);
  if (copies.size === 0) return others;
  const copying: Recipient[] = [];
  for (const r of others) {
    if ((copies.get(r.operatorId) ?? 0) < cap) {
      copying.push(r);
      continue;
    }
    const id = enqueueReturningId(db, foldRow(r.operatorId, chat.id, r.silent, notBefore || undefined), clock);
    statement(
      db,
      "INSERT INTO open_folds (chat_id, operator_id, outbox_id, count) VALUES (?, ?, ?, 1) ON CONFLICT (chat_id, operator_id) DO UPDATE SET outbox_id = excluded.outbox_id, count = 1",
    ).run(chat.id, r.operatorId, id);
  }
  return copying;
}

function foldRow(operatorId: number, chatId: number, silent: boolean, notBefore?: number): Enqueue {
  // The count in the payload is written when the notice is sealed; until then it is in open_folds.
  return { destinationChatId: operatorId, payload: { type: "fold", chatId, count: 1, silent }, chatId, cardFirst: true, notBefore };
}

/**
 * Delivery is about to send a fold notice: from now on its count is final (what the operator is shown), and the
 * chat's next messages are copies again, queued after it. Returns the count to show; a notice sealed by an
 * earlier attempt (whose send failed and is retried) shows the count it was sealed with.
 */
export function sealFold(db: Store, rowId: number): number {
  return db.transaction((tx) => {
    const open = statement(
      tx,
      `DELETE FROM open_folds WHERE (chat_id, operator_id) = (SELECT chat_id, destination_chat_id FROM outbox WHERE id = :row)
       AND outbox_id = :row RETURNING count`,
    ).get({ row: rowId }) as { count: number } | undefined;
    if (open)
      statement(tx, "UPDATE outbox SET payload = json_set(payload, '$.count', ?, '$.sealed', json('true')) WHERE id = ?").run(
        open.count,
        rowId,
      );
    const row = statement(tx, "SELECT json_extract(payload, '$.count') AS count FROM outbox WHERE id = ?").get(rowId) as
      | { count: number }
      | undefined;
    return row?.count ?? 0;
  });
}
