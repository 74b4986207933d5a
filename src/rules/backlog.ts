import { statement } from "../db/prepared.js";
import type { Clock, Store } from "../db/store.js";
import { enqueueReturningId } from "./outbox.js";
import { getNumberSetting } from "./settings.js";

/** An operator a notification goes to (notifications.ts's Recipient, named here by shape: that module calls this). */
interface Recipient {
  operatorId: number;
  silent: boolean;
}

/**
 * The backlog cap. Telegram lets the bot send about one message a second into an operator's chat, so a queue of
 * thousands of copies (a burst from many clients) is hours the operator cannot catch up on, and every row of it
 * costs the burst a write. Past the cap's worth of unsent rows, an operator is no longer sent copies of other
 * people's chats one by one: one pending notice stands for them ("N more messages in M chats, see /chats"), and
 * copies resume once delivery has sent that notice and the queue is short again. The operator's own chats (where
 * they are responsible) still come through, under the per-chat flood cap; events and alerts go first as always.
 *
 * It runs for every client message, and a burst is exactly when it must cost little: the queue sizes are kept by
 * triggers in a row per operator, and a message held back from any number of operators is one narrow row, which
 * the notice counts when it is sent.
 */
export function foldBacklog<R extends Recipient>(
  db: Store,
  recipients: R[],
  responsibleId: number | null,
  message: { id: number; chatId: number },
  clock: Clock,
): R[] {
  if (recipients.length === 0) return recipients;
  const cap = getNumberSetting(db, "backlogAfter");
  if (cap <= 0) return recipients;
  const behind = operatorsBehind(db, cap);
  if (behind.size === 0) return recipients;
  const sent: R[] = [];
  let heldFrom = "";
  for (const r of recipients) {
    const folded = r.operatorId === responsibleId ? undefined : behind.get(r.operatorId);
    if (folded === undefined) {
      sent.push(r);
      continue;
    }
    if (!folded) openBacklog(db, r, message.id, clock);
    heldFrom += `,${r.operatorId}`;
  }
  if (heldFrom !== "")
    statement(db, "INSERT INTO backlog_messages (message_id, chat_id, held_from) VALUES (?, ?, ?)").run(
      message.id,
      message.chatId,
      `${heldFrom},`,
    );
  return sent;
}

/** Operators past the cap or with a notice open (true), usually none; a burst's whole team at most. */
function operatorsBehind(db: Store, cap: number): Map<number, boolean> {
  const rows = statement(
    db,
    "SELECT operator_id, fold_outbox_id IS NOT NULL FROM operator_backlogs WHERE fold_outbox_id IS NOT NULL OR pending >= ?",
  )
    .raw()
    .all(cap) as Array<[operatorId: number, folded: number]>;
  return new Map(rows.map(([op, folded]) => [op, folded === 1]));
}

function openBacklog(db: Store, r: Recipient, messageId: number, clock: Clock): void {
  // No chat: the notice takes a turn of its own among the operator's chats, after the rows already held.
  const id = enqueueReturningId(
    db,
    { destinationChatId: r.operatorId, payload: { type: "backlog", messages: 0, chats: 0, silent: r.silent } },
    clock,
  );
  statement(db, "UPDATE operator_backlogs SET fold_outbox_id = ?, fold_since_message_id = ? WHERE operator_id = ?").run(
    id,
    messageId,
    r.operatorId,
  );
}

/**
 * Of the operators who follow a chat, those to tell about a change in it (a colleague's answer, a client's edit or
 * deletion): an operator whose notice stands for other people's chats is not sent these one by one either. The
 * chat's responsible always is.
 */
export function followersNotBehind<R extends Recipient>(db: Store, recipients: R[], responsibleId: number | null): R[] {
  if (recipients.length === 0 || getNumberSetting(db, "backlogAfter") <= 0) return recipients;
  const folded = statement(db, "SELECT operator_id FROM operator_backlogs WHERE fold_outbox_id IS NOT NULL").pluck().all() as number[];
  if (folded.length === 0) return recipients;
  const behind = new Set(folded);
  return recipients.filter((r) => r.operatorId === responsibleId || !behind.has(r.operatorId));
}

/** What a backlog notice stands for: client messages not sent one by one, and in how many chats. */
export interface BacklogCount {
  messages: number;
  /** Distinct client chats (a group chat is one). */
  chats: number;
}

/**
 * Delivery is about to send a backlog notice: it counts the messages held back from the operator since it opened
 * and writes the counts into the row (a retried send reads them there), and the operator's next client messages
 * are copies again, or open the next notice if the queue is still long. Also recounts the operator's queue, so a
 * size gone wrong for any reason is put right at the next notice instead of folding or flooding them for good.
 */
export function sealBacklog(db: Store, rowId: number): BacklogCount {
  return db.transaction((tx) => {
    const open = statement(
      tx,
      "UPDATE operator_backlogs SET fold_outbox_id = NULL WHERE fold_outbox_id = ? RETURNING operator_id AS op, fold_since_message_id AS since",
    ).get(rowId) as { op: number; since: number } | undefined;
    if (open) {
      const counts = statement(
        tx,
        "SELECT count(*) AS messages, count(DISTINCT chat_id) AS chats FROM backlog_messages WHERE message_id >= ? AND instr(held_from, ?) > 0",
      ).get(open.since, `,${open.op},`) as BacklogCount;
      statement(
        tx,
        "UPDATE outbox SET payload = json_set(payload, '$.messages', ?, '$.chats', ?, '$.sealed', json('true')) WHERE id = ?",
      ).run(counts.messages, counts.chats, rowId);
      forgetCounted(tx);
      recountQueue(tx, open.op);
      return counts;
    }
    // Neither open nor sealed: closed without being sent, so there is nothing it could stand for.
    return { messages: 0, chats: 0 };
  });
}

/** Rows older than every open notice are counted already, or stood for a notice that left the queue unsent. */
function forgetCounted(tx: Store): void {
  statement(
    tx,
    "DELETE FROM backlog_messages WHERE message_id < coalesce((SELECT min(fold_since_message_id) FROM operator_backlogs WHERE fold_outbox_id IS NOT NULL), 9223372036854775807)",
  ).run();
}

// Repeats the partial index outbox_pending's condition, so only pending rows are read (a few thousand at most
// while the cap holds), not the finished ones the table keeps for a week.
function recountQueue(tx: Store, operatorId: number): void {
  statement(
    tx,
    `UPDATE operator_backlogs SET pending = (SELECT count(*) FROM outbox INDEXED BY outbox_pending
       WHERE status = 'pending' AND urgent = 0 AND destination = 'operator' AND destination_chat_id = :op)
     WHERE operator_id = :op`,
  ).run({ op: operatorId });
}
