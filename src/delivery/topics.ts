import { type Api, GrammyError } from "grammy";
import type { Db } from "../db/client.js";
import type { Clock, Store } from "../db/store.js";
import type { Inbox } from "../inbox.js";
import type { Logger } from "../logger.js";
import { latestCardIn } from "../rules/chats.js";
import type { OutboxRow } from "../rules/outbox.js";
import { beginTopicOpening, renameTopic, setTopicCard, storeTopic, topicOf } from "../rules/topics.js";
import { renderCard } from "../views/cards.js";
import { topicName } from "../views/topics.js";
import type { Words } from "../views/words.js";
import { compact } from "../optional.js";
import { ignoring, type Lane, type Recorder, sendCard } from "./send.js";

/** Telegram's answer when a topic is gone (the operator deleted it) or, for a while in 2026, when it forgot one. */
export const THREAD_NOT_FOUND = /message thread not found/;

/**
 * What delivering a row into its chat's topic needs next. Each step is one Bot API call, so that it is paced
 * like any other send: the row waits for its chat's next turn while its topic is opened and carded.
 */
/**
 * Rows about a client chat go into that chat's topic in the threaded inbox. A row that met "thread not found"
 * twice (its topic re-opened once already) goes into the general lane instead, so Telegram forgetting topics
 * (as in tdlib/telegram-bot-api#847) cannot hold a message back.
 */
export function goesIntoTopic(inbox: Inbox | undefined, row: OutboxRow): boolean {
  if (inbox?.mode !== "threads" || row.destination !== "operator" || row.chatId === null) return false;
  return !(row.attempts >= 2 && THREAD_NOT_FOUND.test(row.lastError ?? ""));
}

export type TopicStep =
  /** Send the row into `lane`; `after` records more in the same transaction (the topic's card, for a card). */
  | { kind: "send"; lane: Lane; after?: ((tx: Store) => void) | undefined }
  /** The row is done (a card edited in place in its topic). */
  | { kind: "done"; record: Recorder }
  /** One call was made toward the topic (opened, carded or renamed); the row itself goes at its next turn. */
  | { kind: "step" };

/**
 * Brings an operator's topic for the row's chat up to date, one call at a time: opens it on first use (its name
 * from the chat's state), puts the chat's card in as its first message, renames it when the name really changed.
 * A topic Telegram will not create (threaded mode turned off meanwhile) sends the row into the general lane.
 */
export async function prepareTopic(api: Api, db: Db, row: OutboxRow, t: Words, clock: Clock, log: Logger): Promise<TopicStep> {
  const op = row.destinationChatId;
  const chatId = row.chatId!;
  const p = row.payload;
  const topic = topicOf(db, op, chatId);
  if (p.type === "refresh_card") {
    // No topic yet: only a card of the stream (from before a switch) can be redrawn, as in stream mode.
    if (!topic) return { kind: "send", lane: {} };
    const name = topicName(db, chatId, op, t);
    if (name !== undefined && name !== topic.name) {
      await ignoring(/TOPIC_NOT_MODIFIED/, () => api.editForumTopic(op, topic.threadId, { name }));
      renameTopic(db, op, chatId, name);
      return { kind: "step" };
    }
    const card = topic.cardMessageId ? renderCard(db, chatId, op, t) : undefined;
    if (topic.cardMessageId && card) {
      await ignoring(/message is not modified|message to edit not found/, () =>
        api.editMessageText(
          op,
          topic.cardMessageId!,
          card.text,
          compact({ reply_markup: card.reply_markup, link_preview_options: { is_disabled: true } }),
        ),
      );
    }
    return { kind: "done", record: () => {} };
  }
  if (!topic) {
    const name = topicName(db, chatId, op, t);
    if (name === undefined) return { kind: "send", lane: {} };
    const unrecorded = beginTopicOpening(db, op, chatId, clock);
    if (unrecorded > 0)
      log.warn({ operator: op, chat: chatId, unrecorded }, "a topic opened before a crash was never recorded; opening another");
    let created: { message_thread_id: number };
    try {
      created = await api.createForumTopic(op, name);
    } catch (err) {
      if (!refusedForGood(err)) throw err;
      log.warn(
        { operator: op, chat: chatId, error: (err as GrammyError).description },
        "Telegram refused a topic; sending in the general lane",
      );
      return { kind: "send", lane: {} };
    }
    storeTopic(db, op, chatId, created.message_thread_id, name, clock);
    return { kind: "step" };
  }
  const lane = { message_thread_id: topic.threadId };
  const newestCard = (tx: Store) => setTopicCard(tx, op, chatId, latestCardIn(tx, chatId, op) ?? 0);
  // The chat list's card (and a first card of any kind) becomes the card the topic keeps up to date.
  if (p.type === "card") return { kind: "send", lane, after: topic.cardMessageId === null || p.open ? newestCard : undefined };
  if (topic.cardMessageId === null) {
    let record: Recorder;
    try {
      record = await sendCard(api, db, op, chatId, true, t, undefined, lane);
    } catch (err) {
      if (!refusedForGood(err)) throw err;
      // A card Telegram refuses must not hold up the chat's messages.
      log.warn({ row: row.id, error: (err as GrammyError).description }, "chat card refused by Telegram; the topic goes without it");
      setTopicCard(db, op, chatId, 0);
      return { kind: "send", lane };
    }
    db.transaction((tx) => {
      record(tx);
      newestCard(tx);
    });
    return { kind: "step" };
  }
  return { kind: "send", lane };
}

/** A 400 that retrying will not change; "thread not found" is not one of them (the topic is opened anew). */
function refusedForGood(err: unknown): boolean {
  return err instanceof GrammyError && err.error_code === 400 && !THREAD_NOT_FOUND.test(err.description);
}
