import { and, desc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { closures, ratings } from "../db/schema.js";
import { statement } from "../db/prepared.js";
import type { Clock, Store } from "../db/store.js";
import { type Chat, getChat, getChatByTelegramId, insertMessage, isMessageStored } from "./chats.js";
import { chatRef } from "./events.js";
import { eventRecipients, notifyEvent } from "./notifications.js";
import { enqueue } from "./outbox.js";
import { getSetting } from "./settings.js";

export type Rating = typeof ratings.$inferSelect;

/** How long after "Add a comment" the client's next message is still taken as the comment. */
export const COMMENT_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * A chat was just closed (closure row `closureId`): with the team's ratings setting on, its client is asked
 * "How did we do?". Runs in the closing's transaction, so a closing and its question are one step. Only a
 * personal chat whose client can still be reached is asked: a group chat has no single client to ask.
 */
export function askForRating(tx: Store, chat: Chat, closureId: number, operatorId: number, clock: Clock): void {
  if (!getSetting(tx, "ratings") || chat.kind !== "private" || chat.clientBlocked) return;
  tx.insert(ratings).values({ closureId, chatId: chat.id, operatorId, askedAt: clock() }).onConflictDoNothing().run();
  enqueue(
    tx,
    {
      destinationChatId: chat.telegramChatId,
      destination: "client",
      payload: { type: "client_prompt", prompt: { kind: "rating", closureId } },
      chatId: chat.id,
    },
    clock,
  );
}

export function getRating(db: Store, closureId: number): Rating | undefined {
  return db.select().from(ratings).where(eq(ratings.closureId, closureId)).get();
}

/** A chat's answered ratings, newest first, for the API. */
export function chatRatings(db: Store, chatId: number): Rating[] {
  return db
    .select()
    .from(ratings)
    .where(and(eq(ratings.chatId, chatId), isNotNull(ratings.score)))
    .orderBy(desc(ratings.closureId))
    .all();
}

/** Who pressed a rating button, and where: only the chat's own client, in their chat with the bot, may rate. */
export interface Presser {
  userId: number;
  /** The chat the button's message is in (undefined when Telegram does not say, e.g. an old inline message). */
  telegramChatId: number | undefined;
}

export type RatingRefusal = "not_found" | "not_yours" | "already_rated" | "not_rated" | "bad_score";
export type RatingOutcome = { ok: true; rating: Rating } | { ok: false; reason: RatingRefusal; rating?: Rating | undefined };

/** The rating asked about, if the presser is that chat's client: the button came from a client, not an operator. */
function ownRating(tx: Store, closureId: number, presser: Presser): { rating: Rating; chat: Chat } | RatingRefusal {
  const rating = getRating(tx, closureId);
  if (!rating) return "not_found";
  const chat = getChat(tx, rating.chatId)!;
  if (chat.kind !== "private" || chat.telegramChatId !== presser.userId || presser.telegramChatId !== chat.telegramChatId)
    return "not_yours";
  return { rating, chat };
}

/**
 * The client's score for one closing. Once per closing: the write is a compare-and-set on "not rated yet", so
 * a second press, a replayed update or two presses at once change nothing. Whose work it was hears the score.
 */
export function rateClosure(db: Store, closureId: number, score: number, presser: Presser, clock: Clock): RatingOutcome {
  return db.transaction((tx): RatingOutcome => {
    if (!Number.isInteger(score) || score < 1 || score > 5) return { ok: false, reason: "bad_score" };
    const own = ownRating(tx, closureId, presser);
    if (typeof own === "string") return { ok: false, reason: own };
    const rated = tx
      .update(ratings)
      .set({ score, ratedAt: clock() })
      .where(and(eq(ratings.closureId, closureId), isNull(ratings.score)))
      .returning()
      .get();
    if (!rated) return { ok: false, reason: "already_rated", rating: getRating(tx, closureId) };
    const event = { kind: "rated", chat: chatRef(own.chat), client: own.chat.title, score } as const;
    notifyEvent(tx, eventRecipients(tx, [rated.operatorId]), own.chat, event, clock);
    return { ok: true, rating: rated };
  });
}

/** "Add a comment" after rating: the client's next text message becomes the comment. Pressing again is harmless. */
export function requestRatingComment(db: Store, closureId: number, presser: Presser, clock: Clock): RatingOutcome {
  return db.transaction((tx): RatingOutcome => {
    const own = ownRating(tx, closureId, presser);
    if (typeof own === "string") return { ok: false, reason: own };
    if (own.rating.score === null) return { ok: false, reason: "not_rated", rating: own.rating };
    if (own.rating.comment !== null) return { ok: false, reason: "already_rated", rating: own.rating };
    tx.update(ratings)
      .set({ commentRequestedAt: sql`coalesce(${ratings.commentRequestedAt}, ${clock()})` })
      .where(and(eq(ratings.closureId, closureId), isNull(ratings.comment)))
      .run();
    return { ok: true, rating: getRating(tx, closureId)! };
  });
}

/** Whether the client's chat is closed and one of its ratings waits for a comment. */
const COMMENT_AWAITED =
  "SELECT 1 FROM chats c JOIN ratings r ON r.chat_id = c.id WHERE c.telegram_chat_id = ? AND c.status = 'closed' AND r.comment_requested_at IS NOT NULL AND r.comment IS NULL LIMIT 1";

/** A client's text message, as far as a rating comment needs it. */
export interface CommentMessage {
  telegramChatId: number;
  telegramMessageId: number;
  senderUserId: number;
  senderName: string;
  text: string;
}

/**
 * Takes a client's message as the comment on their rating, when they asked to add one, within a day, and the
 * chat is still closed. Like a support desk's survey remark, it is stored with the chat's messages (history and
 * transcript keep it) and shown to whose work was rated, but it neither reopens the chat nor starts the
 * watchdog: it is feedback on a finished conversation. The operator who reads it can answer it like any
 * message (replying to the notice), which reopens the chat. Returns false when the message is not a comment
 * and goes the usual way (a replayed update too: the relay then finds it stored and does nothing).
 */
export function takeRatingComment(db: Store, msg: CommentMessage, clock: Clock): boolean {
  const now = clock();
  // Every text a client sends passes here, and almost none is a comment: one indexed look-up settles that
  // without a transaction (the connection is this process's alone, so nothing changes before the next line).
  if (!statement(db, COMMENT_AWAITED).get(msg.telegramChatId)) return false;
  return db.transaction((tx) => {
    if (isMessageStored(tx, msg.telegramChatId, msg.telegramMessageId)) return false;
    const chat = getChatByTelegramId(tx, msg.telegramChatId);
    if (chat?.status !== "closed" || chat.kind !== "private") return false;
    const waiting = tx
      .select()
      .from(ratings)
      .innerJoin(closures, eq(closures.id, ratings.closureId))
      .where(and(eq(ratings.chatId, chat.id), isNotNull(ratings.commentRequestedAt), isNull(ratings.comment)))
      .orderBy(desc(ratings.closureId))
      .get();
    // Only a comment asked for after this chat's latest closing, and recently.
    if (!waiting || waiting.closures.closedAt !== chat.closedAt || now - waiting.ratings.commentRequestedAt! > COMMENT_WINDOW_MS)
      return false;
    const rating = waiting.ratings;
    const messageId = insertMessage(tx, {
      chatId: chat.id,
      direction: "in",
      senderUserId: msg.senderUserId,
      senderName: msg.senderName,
      kind: "text",
      text: msg.text,
      sourceChatId: msg.telegramChatId,
      sourceMessageId: msg.telegramMessageId,
      createdAt: now,
    })!;
    tx.update(ratings)
      .set({ comment: msg.text, commentMessageId: messageId })
      .where(and(eq(ratings.closureId, rating.closureId), isNull(ratings.comment)))
      .run();
    const event = { kind: "rating_comment", chat: chatRef(chat), client: chat.title, score: rating.score!, text: msg.text } as const;
    notifyEvent(tx, eventRecipients(tx, [rating.operatorId]), chat, event, clock, messageId);
    enqueue(
      tx,
      {
        destinationChatId: chat.telegramChatId,
        destination: "client",
        payload: { type: "client_prompt", prompt: { kind: "comment_thanks" } },
        chatId: chat.id,
      },
      clock,
    );
    return true;
  });
}

/** Average score and count per operator (whose work was rated) over ratings given in [from, to). */
export interface RatingLine {
  operatorId: number | null;
  name: string;
  count: number;
  average: number | null;
}

export interface RatingSummary {
  lines: RatingLine[];
  totals: RatingLine;
}

/** Ratings for the report, beside it rather than in it: counted from the ratings table alone. */
export function ratingSummary(db: Store, from: number, to: number, onlyOperatorId?: number): RatingSummary {
  const rows = db.all<{ op: number; name: string; n: number; avg: number }>(
    sql`SELECT r.operator_id AS op, o.name AS name, count(*) AS n, avg(r.score) AS avg FROM ratings r JOIN operators o ON o.id = r.operator_id
        WHERE r.rated_at >= ${from} AND r.rated_at < ${to} GROUP BY r.operator_id ORDER BY o.name`,
  );
  const lines = rows
    .filter((r) => onlyOperatorId === undefined || r.op === onlyOperatorId)
    .map((r) => ({ operatorId: r.op, name: r.name, count: r.n, average: r.avg }));
  const count = rows.reduce((s, r) => s + r.n, 0);
  const average = count === 0 ? null : rows.reduce((s, r) => s + r.avg * r.n, 0) / count;
  return { lines, totals: { operatorId: null, name: "Team", count, average } };
}
