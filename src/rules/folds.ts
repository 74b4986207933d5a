import { statement } from "../db/prepared.js";
import type { Clock, Store } from "../db/store.js";
import type { Chat } from "./chats.js";
import type { Recipient } from "./notifications.js";
import { ALBUM_GATHER_MS, type Enqueue, enqueueMany } from "./outbox.js";
import { getNumberSetting } from "./settings.js";

interface Backlog {
  copies: number;
  foldId?: number | undefined;
}

/** For each operator: copies of the chat still to be sent to them, and their pending fold notice, if any. */
function backlogOf(db: Store, chatId: number): Map<number, Backlog> {
  const rows = statement(
    db,
    "SELECT destination_chat_id AS dest, kind, count(*) AS n, max(id) AS id FROM outbox WHERE chat_id = ? AND status = 'pending' AND kind IN ('copy', 'fold') GROUP BY destination_chat_id, kind",
  ).all(chatId) as Array<{ dest: number; kind: "copy" | "fold"; n: number; id: number }>;
  const backlog = new Map<number, Backlog>();
  for (const r of rows) {
    const b = backlog.get(r.dest) ?? { copies: 0 };
    if (r.kind === "copy") b.copies = r.n;
    else b.foldId = r.id;
    backlog.set(r.dest, b);
  }
  return backlog;
}

/**
 * The flood cap. Of a client message's recipients, returns those who get a copy. For an operator whose queue
 * already holds the cap's worth of this chat's copies, the message is counted in one pending fold notice
 * ("Carol sent N more messages") instead, created or updated; while that notice waits, every later message of
 * the chat joins it, so the operator's view stays in order. Copies resume once delivery has started to send it. The messages
 * themselves are stored as always and are in the chat's history.
 */
export function foldOverflow(db: Store, chat: Chat, recipients: Recipient[], albumPart: boolean, clock: Clock): Recipient[] {
  const backlog = backlogOf(db, chat.id);
  if (backlog.size === 0) return recipients;
  const cap = getNumberSetting(db, "foldAfter");
  // An album's parts arrive one by one: the notice waits for the rest, so an album is never split around it.
  const notBefore = albumPart ? clock() + ALBUM_GATHER_MS : 0;
  const copying: Recipient[] = [];
  const folds: Enqueue[] = [];
  for (const r of recipients) {
    const b = backlog.get(r.operatorId);
    const joined =
      b?.foldId !== undefined &&
      statement(
        db,
        "UPDATE outbox SET payload = json_set(payload, '$.count', json_extract(payload, '$.count') + 1), not_before = max(not_before, ?) WHERE id = ? AND json_extract(payload, '$.sealed') IS NULL",
      ).run(notBefore, b.foldId).changes === 1;
    if (joined) continue;
    if (cap > 0 && (b?.copies ?? 0) >= cap) {
      folds.push(foldRow(r.operatorId, chat.id, 1, r.silent, notBefore || undefined));
    } else {
      copying.push(r);
    }
  }
  enqueueMany(db, folds, clock);
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
