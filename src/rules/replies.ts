import { and, eq, isNull, or, sql } from "drizzle-orm";
import { chats, heldReplies, messages } from "../db/schema.js";
import type { Clock, Store } from "../db/store.js";
import { type Chat, insertMessage, isMessageStored, referencedChat, reopenOnActivity, responsibleOf } from "./chats.js";
import { answerTargetOf } from "./conversation.js";
import { businessWait } from "./business-hours.js";
import { chatRef } from "./events.js";
import { tellFollowers } from "./notifications.js";
import { ALBUM_GATHER_MS, appendToGatheredCopy, enqueue } from "./outbox.js";
import { getActiveOperator, type Operator } from "./people.js";
import { autoAssign } from "./responsibles.js";
import { fillPlaceholders } from "./saved-replies.js";
import { getSetting } from "./settings.js";
import { queueReadReceipt } from "./business-chats.js";
import type { ResendContent } from "./resend.js";

/** An operator's message in their private chat with the bot, as the bot layer parsed it. */
export interface OperatorMessage {
  operatorId: number;
  telegramMessageId: number;
  replyToTelegramMessageId?: number | undefined;
  /** The topic it was written in (threaded inbox): a client's topic makes it an answer to that client. */
  threadId?: number | undefined;
  kind: string;
  text?: string | undefined;
  mediaGroupId?: string | undefined;
  /** Formatting of a text message, kept so a signed copy (sent as new text) looks the same. */
  entities?: unknown[] | undefined;
  /** Sent through the bot's inline mode (a saved reply): its placeholders are filled in for the client. */
  savedReply?: boolean | undefined;
  /** `text` is the saved reply's with its placeholders filled in, which the client gets instead of the original's. */
  filled?: boolean | undefined;
  /** The message as it can be sent again by kind (null: it cannot be), for a business account's chat. */
  content?: ResendContent | null | undefined;
}

export type ReplyOutcome =
  | { status: "sent"; chat: Chat; autoAssigned: boolean }
  /** `responsible` is undefined only when a replay asks again after the chat's responsible went meanwhile. */
  | { status: "held"; chat: Chat; heldId: number; responsible: Operator | undefined }
  /** A further part of an album whose first part already decided where it goes. */
  | { status: "album_part" }
  | { status: "no_target" }
  | { status: "client_blocked"; chat: Chat }
  | { status: "duplicate" };

/**
 * An operator replied to a client's message or card, or wrote in a client's topic. An unassigned chat becomes theirs; a chat someone else
 * is responsible for holds the reply back and asks first, so two employees never answer one client unawares.
 */
export function recordOperatorReply(db: Store, message: OperatorMessage, clock: Clock): ReplyOutcome {
  return db.transaction((tx): ReplyOutcome => {
    let msg = message;
    if (isMessageStored(tx, msg.operatorId, msg.telegramMessageId)) return { status: "duplicate" };
    const held = heldWith(tx, msg.operatorId, msg.telegramMessageId);
    if (held) {
      // Handled before. Only a prompt that never went out (that handling failed after storing) is asked again.
      if (held.resolution !== null || held.promptMessageId !== null || held.sourceMessageId !== msg.telegramMessageId)
        return { status: "duplicate" };
      const chat = referencedChat(tx, held.chatId);
      const responsible = responsibleOf(chat);
      return { status: "held", chat, heldId: held.id, responsible: responsible === null ? undefined : getActiveOperator(tx, responsible) };
    }
    const operator = getActiveOperator(tx, msg.operatorId);
    if (!operator) return { status: "no_target" };
    if (msg.mediaGroupId && followAlbum(tx, msg, clock)) return { status: "album_part" };
    const target = answerTargetOf(tx, msg.operatorId, msg);
    if (!target) return { status: "no_target" };
    const chat = referencedChat(tx, target.chatId);
    if (chat.clientBlocked) return { status: "client_blocked", chat };
    if (msg.savedReply) msg = withPlaceholders(msg, chat, operator);
    const responsible = responsibleOf(chat);
    if (responsible !== null && responsible !== msg.operatorId) {
      const held = tx
        .insert(heldReplies)
        .values({
          operatorId: msg.operatorId,
          chatId: chat.id,
          sourceMessageId: msg.telegramMessageId,
          parts: [
            msg.filled
              ? {
                  telegramMessageId: msg.telegramMessageId,
                  kind: msg.kind,
                  text: msg.text,
                  filled: true,
                  entities: msg.entities,
                  content: msg.content,
                }
              : { telegramMessageId: msg.telegramMessageId, kind: msg.kind, text: msg.text, content: msg.content },
          ],
          replyToMessageId: target?.messageId ?? null,
          mediaGroupId: msg.mediaGroupId ?? null,
          createdAt: clock(),
        })
        .returning({ id: heldReplies.id })
        .get();
      return { status: "held", chat, heldId: held.id, responsible: getActiveOperator(tx, responsible)! };
    }
    const assigned = autoAssign(tx, chat, msg.operatorId, clock);
    deliverReply(tx, assigned ?? chat, operator, [msg], target?.messageId ?? undefined, clock);
    return { status: "sent", chat: referencedChat(tx, chat.id), autoAssigned: assigned !== undefined };
  });
}

/** A saved reply as the client gets it: `{client_name}` and `{operator_name}` filled in, formatting kept in place. */
function withPlaceholders(msg: OperatorMessage, chat: Chat, operator: Operator): OperatorMessage {
  if (msg.text === undefined) return msg;
  const filled = fillPlaceholders(msg.text, msg.entities, { client_name: chat.title, operator_name: operator.name });
  return filled.changed ? { ...msg, text: filled.text, entities: filled.entities, filled: true } : msg;
}

/** The held reply (answered or not) that this message of the operator's started or is a part of. */
function heldWith(tx: Store, operatorId: number, telegramMessageId: number) {
  return tx
    .select()
    .from(heldReplies)
    .where(
      and(
        eq(heldReplies.operatorId, operatorId),
        or(
          eq(heldReplies.sourceMessageId, telegramMessageId),
          sql`EXISTS (SELECT 1 FROM json_each(${heldReplies.parts}) WHERE json_extract(value, '$.telegramMessageId') = ${telegramMessageId})`,
        ),
      ),
    )
    .get();
}

/** Later parts of an operator's album follow the first: into the held reply, or into the same delivery. */
function followAlbum(tx: Store, msg: OperatorMessage, clock: Clock): boolean {
  const held = tx
    .select()
    .from(heldReplies)
    .where(and(eq(heldReplies.operatorId, msg.operatorId), eq(heldReplies.mediaGroupId, msg.mediaGroupId!), isNull(heldReplies.resolution)))
    .get();
  if (held) {
    tx.update(heldReplies)
      .set({ parts: [...held.parts, { telegramMessageId: msg.telegramMessageId, kind: msg.kind, text: msg.text, content: msg.content }] })
      .where(eq(heldReplies.id, held.id))
      .run();
    return true;
  }
  const sibling = tx
    .select()
    .from(messages)
    .where(and(eq(messages.sourceChatId, msg.operatorId), eq(messages.mediaGroupId, msg.mediaGroupId!)))
    .get();
  if (!sibling) return false;
  const chat = referencedChat(tx, sibling.chatId);
  deliverReply(tx, chat, getActiveOperator(tx, msg.operatorId)!, [msg], sibling.replyToMessageId ?? undefined, clock);
  return true;
}

/**
 * An operator's answer goes out: stored, queued for the client (with colleagues shown who answered), and the
 * chat marked answered. Nothing when every part was stored before (the same update handled again).
 */
export function deliverReply(
  tx: Store,
  chat: Chat,
  operator: Operator,
  parts: OperatorMessage[],
  replyToMessageId: number | undefined,
  clock: Clock,
): void {
  const now = clock();
  const ids = storeReply(tx, chat, operator, parts, replyToMessageId, now);
  if (ids.length === 0) return;
  queueReply(tx, chat, operator, parts, ids, replyToMessageId, clock);
  queueReadReceipt(tx, chat, clock);
  markAnswered(tx, chat.id, now);
}

/** Stores the parts of an operator's answer; returns the ids of those not stored before. */
function storeReply(
  tx: Store,
  chat: Chat,
  operator: Operator,
  parts: OperatorMessage[],
  replyToMessageId: number | undefined,
  now: number,
): number[] {
  const ids: number[] = [];
  // The first answer to a waiting client records how long they waited, for the reports.
  let waited = chat.awaitingReplySince === null ? null : now - chat.awaitingReplySince;
  // Beside it, the wait within business hours (when the team has set them), for reports that count only those.
  let waitedInHours = businessWait(tx, chat.awaitingReplySince, now);
  for (const part of parts) {
    const id = insertMessage(tx, {
      chatId: chat.id,
      direction: "out",
      authorOperatorId: operator.id,
      senderName: operator.name,
      kind: part.kind,
      text: part.text ?? null,
      mediaGroupId: part.mediaGroupId ?? null,
      sourceChatId: operator.id,
      sourceMessageId: part.telegramMessageId,
      replyToMessageId: replyToMessageId ?? null,
      firstResponseMs: waited,
      firstResponseBusinessMs: waitedInHours,
      createdAt: now,
    });
    if (id === undefined) continue;
    waited = null;
    waitedInHours = null;
    ids.push(id);
  }
  return ids;
}

/**
 * Queues the copy for the client (a later part of an album joins its first part's row while that gathers) and
 * shows colleagues who answered.
 */
function queueReply(
  tx: Store,
  chat: Chat,
  operator: Operator,
  parts: OperatorMessage[],
  ids: number[],
  replyToMessageId: number | undefined,
  clock: Clock,
): void {
  const first = parts[0]!;
  const gatherKey = first.mediaGroupId ? `out:${operator.id}:${first.mediaGroupId}` : undefined;
  // A business account's chat cannot take copies: its answers are sent again by kind.
  const business = chat.businessAccountId !== null;
  const appended =
    gatherKey !== undefined &&
    parts.length === 1 &&
    appendToGatheredCopy(
      tx,
      chat.telegramChatId,
      gatherKey,
      { sourceMessageId: first.telegramMessageId, messageId: ids[0]!, content: business ? (first.content ?? null) : undefined },
      clock,
    );
  if (appended) return;
  enqueue(
    tx,
    {
      destinationChatId: chat.telegramChatId,
      destination: "client",
      payload: {
        type: "copy",
        fromChatId: operator.id,
        sourceMessageIds: parts.map((p) => p.telegramMessageId),
        messageIds: ids,
        replyToMessageId,
        silent: false,
        replacement:
          first.filled && first.text !== undefined ? { kind: first.kind, text: first.text, entities: first.entities } : undefined,
        signature: getSetting(tx, "signReplies")
          ? { name: operator.name, kind: first.kind, text: first.text, entities: first.entities }
          : undefined,
        failureNotice: { operatorId: operator.id, sourceMessageId: first.telegramMessageId },
        ...(business ? { content: parts.map((p) => p.content ?? null) } : {}),
      },
      chatId: chat.id,
      messageId: ids[0],
      gatherKey,
      notBefore: gatherKey && parts.length === 1 ? clock() + ALBUM_GATHER_MS : undefined,
    },
    clock,
  );
  showColleagues(tx, chat, operator, first, ids[0]!, replyToMessageId, clock);
}

/** The client has an answer: the watchdog stops, and a closed chat reopens. */
function markAnswered(tx: Store, chatId: number, now: number): void {
  tx.update(chats)
    .set({ awaitingReplySince: null, watchdogStage: 0, ...reopenOnActivity(now) })
    .where(eq(chats.id, chatId))
    .run();
}

/** Colleagues who follow the chat see the answer with its author's name, so nobody answers it again. */
function showColleagues(
  tx: Store,
  chat: Chat,
  author: Operator,
  part: OperatorMessage,
  messageId: number,
  replyToMessageId: number | undefined,
  clock: Clock,
): void {
  tellFollowers(
    tx,
    chat,
    author.id,
    { kind: "colleague_answered", chat: chatRef(chat), author: author.name, messageKind: part.kind, text: part.text },
    { silent: true, replyToMessageId, messageId, routine: true },
    clock,
  );
}
