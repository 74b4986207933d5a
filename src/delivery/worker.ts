import type { Api } from "grammy";
import { connectionOf, type Db } from "../db/client.js";
import { prepared } from "../db/prepared.js";
import type { Clock, Store } from "../db/store.js";
import type { Logger } from "../logger.js";
import { feedOf } from "../rules/notifications.js";
import { getOutboxRow, markSent, type OutboxRow, type PendingRef } from "../rules/outbox.js";
import { Pacer, type PacingLimits, TELEGRAM_LIMITS } from "./pacer.js";
import { describe } from "./telegram-errors.js";
import type { DestinationQueue } from "./queues.js";
import { HeldRows } from "./held-rows.js";
import type { Locale, Translate } from "../views/i18n.js";
import { readerLocale, type Words, wordsIn } from "../views/words.js";
import { type Lane, type Recorder, sendRow } from "./send.js";
import type { Inbox } from "../inbox.js";
import { leaveStream } from "../rules/topics.js";
import { goesIntoTopic, prepareTopic } from "./topics.js";
import { introduceChat } from "./stream.js";
import { handleFailure } from "./failures.js";

/**
 * Records a send and marks its row sent, in one IMMEDIATE transaction of its own (so a crash resends at most the
 * send in flight), compiled once per connection: drizzle's transaction builds a new one for every send.
 */
function recordTransaction(db: Db): (record: Recorder, id: number, clock: Clock) => void {
  const tx = prepared(db, "delivery.recordSent", () =>
    connectionOf(db).transaction((record: Recorder, id: number, clock: Clock) => {
      record(db);
      markSent(db, id, clock);
    }),
  );
  return tx.immediate;
}

export interface WorkerOptions {
  db: Db;
  api: Api;
  clock: Clock;
  log: Logger;
  /** Words are chosen at send time, in each reader's language (see readerLocale). */
  translate: Translate;
  /** For readers whose language the console does not speak. */
  defaultLocale: Locale;
  limits?: PacingLimits;
  /** Sends in flight at once, each to a different chat. */
  concurrency?: number;
  /** Attempts after 5xx and network errors before a row fails with its reason (429s do not count). */
  maxAttempts?: number;
  /** Longest wait between retries of one row. */
  maxBackoffMs?: number;
  /** The inbox mode in force, read at each send (so queued rows follow a switch); stream without it. */
  inbox?: Inbox;
  /** Conversation rows held in memory per destination (WINDOW_ROWS); the rest wait in the database. */
  windowRows?: number;
}

/**
 * Sends the outbox. Each destination gets one send at a time; different destinations go in parallel, paced to
 * Telegram's limits. Within a destination, events go first and client chats take turns (see DestinationQueue),
 * each chat's rows strictly in order. A row leaves "pending" only after Telegram accepted it (and its message
 * ids are recorded) or failed it for good, so a crash at any point resends at most the send that was in flight.
 */
export class DeliveryWorker {
  private readonly pacer: Pacer;
  /** The pending rows each destination may send soon (see HeldRows). */
  private readonly held: HeldRows;
  private readonly inFlight = new Map<number, Promise<void>>();
  private running = false;
  private loopDone: Promise<void> = Promise.resolve();
  private wake: (() => void) | undefined;
  private readonly concurrency: number;
  private readonly maxAttempts: number;
  private readonly maxBackoffMs: number;
  /** Database failures in a row, for the pause before the next try. */
  private storageFailures = 0;
  /** Pauses that a stop cuts short. */
  private readonly stopWaiters = new Set<() => void>();

  constructor(private readonly o: WorkerOptions) {
    this.pacer = new Pacer(o.limits ?? TELEGRAM_LIMITS, o.clock());
    this.concurrency = o.concurrency ?? 8;
    this.maxAttempts = o.maxAttempts ?? 12;
    this.maxBackoffMs = o.maxBackoffMs ?? 5 * 60_000;
    this.held = new HeldRows(o.db, o.windowRows);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopDone = this.loop();
  }

  /** Stops taking new rows and waits for the sends in flight to finish and be recorded. */
  async stop(): Promise<void> {
    this.running = false;
    this.kick();
    for (const wake of [...this.stopWaiters]) wake();
    await this.loopDone;
    await Promise.allSettled(this.inFlight.values());
  }

  /** New rows were written: look now instead of at the next timer. */
  kick(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private async loop(): Promise<void> {
    while (this.running) {
      let wait = 1000;
      try {
        wait = this.dispatch();
      } catch (err) {
        this.o.log.error({ err }, "delivery loop failed; retrying");
      }
      if (!this.running) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, wait));
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Starts every send that may start now; returns how long to sleep before looking again. */
  private dispatch(): number {
    // A refill reads one batch per look: the next look comes soon, not at the next send or timer.
    let wait = this.held.load() ? 1 : 1000;
    const now = this.o.clock();
    const queues = this.held.queues;
    for (const [dest, queue] of queues) {
      if (this.inFlight.size >= this.concurrency) break;
      if (this.inFlight.has(dest)) continue;
      if (queue.empty) {
        queues.delete(dest);
        continue;
      }
      const head = queue.next(now);
      if (typeof head === "number") {
        wait = Math.min(wait, head);
        continue;
      }
      const paced = this.pacer.waitFor(dest, now);
      if (paced > 0) {
        wait = Math.min(wait, paced);
        continue;
      }
      this.pacer.take(dest, now);
      // To the back of the line: when places are fewer than destinations ready, the ones served longest ago go
      // first. Otherwise the first destinations loaded keep every place, the others wait for their whole
      // queues, and at the end only a few are left, each at one send a second. (Seen again in this pass, it is
      // in flight and skipped.)
      queues.delete(dest);
      queues.set(dest, queue);
      const send = this.deliver(head, queue).finally(() => {
        this.pacer.done(dest, this.o.clock());
        this.inFlight.delete(dest);
        this.kick();
      });
      this.inFlight.set(dest, send);
    }
    return wait;
  }

  private async deliver(head: PendingRef, queue: DestinationQueue): Promise<void> {
    const { db, clock, log } = this.o;
    try {
      // Re-read: the row may have gained album parts or a later time (a fold notice waiting for an album's
      // parts), or been failed (the person blocked the bot) meanwhile.
      const row = getOutboxRow(db, head.id);
      if (row?.status !== "pending") {
        queue.remove(head);
        return;
      }
      if (row.notBefore > clock()) {
        queue.postpone(head, row.notBefore);
        return;
      }
      let lane: Lane = {};
      let after: ((tx: Store) => void) | undefined;
      if (goesIntoTopic(this.o.inbox, row)) {
        const step = await this.attempt(row, () => prepareTopic(this.o.api, db, row, this.wordsFor(row), clock, log));
        if (step === undefined || step.kind === "step") {
          this.settle(head, queue);
          return;
        }
        if (step.kind === "done") {
          await this.recordSent(row, step.record);
          queue.remove(head);
          return;
        }
        ({ lane, after } = step);
      } else if (row.cardFirst && row.chatId !== null && feedOf(db, row.destinationChatId) !== row.chatId) {
        await introduceChat(this.o.api, db, row, this.wordsFor(row), this.o.log, (err) => this.handleError(row, err));
        this.settle(head, queue);
        return;
      }
      const record = await this.attempt(row, () => sendRow(this.o.api, db, row, this.wordsFor(row), lane));
      if (record === undefined) {
        this.settle(head, queue);
        return;
      }
      const inTopic = lane.message_thread_id !== undefined;
      await this.recordSent(row, (tx) => {
        record(tx);
        after?.(tx);
        if (inTopic) leaveStream(tx, row.destinationChatId);
      });
      queue.remove(head);
    } catch (err) {
      // The database failed us (full disk, I/O error, read-only): the row is still pending in the table, so it
      // is tried again after a pause; nothing here may throw, or the process would die of an unhandled rejection.
      const pause = this.storagePause();
      queue.postpone(head, this.o.clock() + pause);
      log.error({ err, row: head.id, retryInMs: Math.round(pause) }, "delivery could not use the database; will retry");
    }
  }

  /** One Bot API call for the row; a failure is classified (retry, fail, re-open the topic) and gives undefined. */
  private async attempt<T>(row: OutboxRow, call: () => Promise<T>): Promise<T | undefined> {
    try {
      return await call();
    } catch (err) {
      this.handleError(row, err);
      this.o.log.debug({ row: row.id, kind: row.kind, err: describe(err) }, "delivery attempt failed");
      return undefined;
    }
  }

  /** After a failed attempt the row was retried (with a new time) or failed for good, possibly with the rest of its chat's rows. */
  private settle(head: PendingRef, queue: DestinationQueue): void {
    const after = getOutboxRow(this.o.db, head.id);
    if (after?.status === "pending") queue.postpone(head, after.notBefore);
    else queue.remove(head);
  }

  /**
   * Writes that Telegram accepted the row. Should the database refuse, the write is tried again (this chat's
   * queue waits) rather than the row resent; only a stop meanwhile leaves it pending, to be sent once more
   * after the restart, as after a crash.
   */
  private async recordSent(row: OutboxRow, record: Recorder): Promise<void> {
    const { db, clock, log } = this.o;
    for (;;) {
      try {
        recordTransaction(db)(record, row.id, clock);
        this.storageFailures = 0;
        return;
      } catch (err) {
        if (!this.running) throw err;
        const pause = this.storagePause();
        log.error(
          { err, row: row.id, retryInMs: Math.round(pause) },
          "a delivered row could not be recorded as sent; will retry the record",
        );
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            this.stopWaiters.delete(done);
            resolve();
          };
          const timer = setTimeout(done, pause);
          this.stopWaiters.add(done);
        });
      }
    }
  }

  /**
   * The reader's words as of now: a language changed while the row waited applies to it. The language is looked
   * up at the first word drawn, so a copy (which has none of ours) costs no read.
   */
  private wordsFor(row: OutboxRow): Words {
    let words: Words | undefined;
    return (key, vars) => {
      words ??= wordsIn(this.o.translate, readerLocale(this.o.db, row.destination, row.destinationChatId, this.o.defaultLocale));
      return words(key, vars);
    };
  }

  private storagePause(): number {
    this.storageFailures++;
    return Math.min(this.maxBackoffMs, 250 * 2 ** Math.min(this.storageFailures, 10)) * (0.75 + Math.random() * 0.5);
  }

  private handleError(row: OutboxRow, err: unknown): void {
    const { db, clock, log } = this.o;
    handleFailure({ db, clock, log, pacer: this.pacer, maxAttempts: this.maxAttempts, maxBackoffMs: this.maxBackoffMs }, row, err);
  }
}
