import { statement } from "../db/prepared.js";
import type { Clock, Store } from "../db/store.js";
import type { Recipient } from "./notifications.js";
import { enqueueReturningId } from "./outbox.js";
import { getNumberSetting } from "./settings.js";

/**
 * The backlog cap. Telegram lets the bot send about one message a second into an operator's chat, so a queue of
 * thousands of copies (a burst from many clients) is hours the operator cannot catch up on, and every row of it
 * costs the burst a write. Past the cap's worth of unsent rows, an operator is no longer sent copies of other
 * people's chats one by one: one pending notice stands for them ("N more messages from M clients, see /chats"),
 * and copies resume once delivery has reached that notice. The operator's own chats (where they are responsible)
 * still come through, under the per-chat flood cap; events and alerts go ahead of the queue as always.
 *
 * It runs for every client message, and a burst is exactly when it must cost nothing: the queue sizes are kept
 * by triggers in a row per operator, and a folded recipient costs no write at all. The notice counts what it
 * stands for when it is sent (`sealBacklog`), from the messages themselves.
 */
export function foldBacklog(
  db: Store,
  recipients: Recipient[],
  responsibleId: number | null,
  messageId: number,
  clock: Clock,
): Recipient[] {
  if (recipients.length === 0) return recipients;
  const cap = getNumberSetting(db, "backlogAfter");
  if (cap <= 0) return recipients;
  // Only operators behind or already folded: usually none, and a burst's whole team at most.
  const behind = statement(
    db,
    "SELECT operator_id, fold_outbox_id IS NOT NULL FROM operator_backlogs WHERE fold_outbox_id IS NOT NULL OR pending >= ?",
  )
    .raw()
    .all(cap) as Array<[operatorId: number, folded: number]>;
  if (behind.length === 0) return recipients;
  const folded = new Map(behind);
  const sent: Recipient[] = [];
  for (const r of recipients) {
    const state = r.operatorId === responsibleId ? undefined : folded.get(r.operatorId);
    if (state === undefined) sent.push(r);
    else if (state === 0) openBacklog(db, r, messageId, clock);
  }
  return sent;
}

function openBacklog(db: Store, r: Recipient, messageId: number, clock: Clock): void {
  // No chat: the notice takes its turn among the operator's chats after what is already queued for them.
  const id = enqueueReturningId(
    db,
    { destinationChatId: r.operatorId, payload: { type: "backlog", messages: 0, clients: 0, silent: r.silent } },
    clock,
  );
  statement(db, "UPDATE operator_backlogs SET fold_outbox_id = ?, fold_since_message_id = ? WHERE operator_id = ?").run(
    id,
    messageId,
    r.operatorId,
  );
}

/** What a backlog notice stands for: client messages not sent one by one, and how many clients wrote them. */
export interface BacklogCount {
  messages: number;
  clients: number;
}

/**
 * The client messages since the notice opened that the operator would have been sent a copy of, by their
 * profile as it is now: on "all chats" everyone else's chats, on "new and mine" those without a responsible.
 */
const FOLDED_SINCE = `SELECT count(*) AS messages, count(DISTINCT m.chat_id) AS clients
  FROM messages m JOIN chats c ON c.id = m.chat_id
  WHERE m.id >= :since AND m.direction = 'in'
    AND (CASE WHEN c.kind = 'private' AND c.responsible_enabled = 1 THEN c.responsible_id END) IS NOT :op
    AND (:filter = 'all' OR (:filter = 'new_and_mine'
      AND (CASE WHEN c.kind = 'private' AND c.responsible_enabled = 1 THEN c.responsible_id END) IS NULL))`;

/**
 * Delivery is about to send a backlog notice: its counts are taken now and kept (a retried send shows the same),
 * and the operator's next client messages are copies again, or open the next notice if the queue is still long.
 */
export function sealBacklog(db: Store, rowId: number): BacklogCount {
  return db.transaction((tx) => {
    const open = statement(
      tx,
      "UPDATE operator_backlogs SET fold_outbox_id = NULL WHERE fold_outbox_id = ? RETURNING operator_id AS op, fold_since_message_id AS since",
    ).get(rowId) as { op: number; since: number } | undefined;
    if (open) {
      const filter = statement(tx, "SELECT notify_filter FROM operators WHERE id = ?").pluck().get(open.op) ?? "all";
      const counts = statement(tx, FOLDED_SINCE).get({ since: open.since, op: open.op, filter }) as BacklogCount;
      statement(
        tx,
        "UPDATE outbox SET payload = json_set(payload, '$.messages', ?, '$.clients', ?, '$.sealed', json('true')) WHERE id = ?",
      ).run(counts.messages, counts.clients, rowId);
      return counts;
    }
    const row = statement(
      tx,
      "SELECT json_extract(payload, '$.messages') AS messages, json_extract(payload, '$.clients') AS clients FROM outbox WHERE id = ?",
    ).get(rowId) as BacklogCount | undefined;
    return { messages: row?.messages ?? 0, clients: row?.clients ?? 0 };
  });
}
