import { type Api, GrammyError, HttpError } from "grammy";
import type { Db } from "../db/client.js";
import type { Clock } from "../db/store.js";
import type { Logger } from "../logger.js";
import { failRow, handleUnreachable } from "../rules/delivery-failures.js";
import { dueHeads, markSent, nextDueAt, reschedule, type OutboxRow } from "../rules/outbox.js";
import { Pacer, type PacingLimits, TELEGRAM_LIMITS } from "./pacer.js";
import { type CardRenderer, sendRow } from "./send.js";

export interface WorkerOptions {
  db: Db;
  api: Api;
  clock: Clock;
  log: Logger;
  renderCard: CardRenderer;
  limits?: PacingLimits;
  /** Sends in flight at once, each to a different chat. */
  concurrency?: number;
  /** Attempts after 5xx and network errors before a row fails with its reason (429s do not count). */
  maxAttempts?: number;
  /** Longest wait between retries of one row. */
  maxBackoffMs?: number;
}

/**
 * Sends the outbox. Rows to one chat go strictly in order, one at a time; different chats go in parallel,
 * paced to Telegram's limits. A row leaves "pending" only after Telegram accepted it (and its message ids
 * are recorded) or failed it for good, so a crash at any point resends at most the row that was in flight.
 */
export class DeliveryWorker {
  private readonly pacer: Pacer;
  private readonly inFlight = new Map<number, Promise<void>>();
  private running = false;
  private loopDone: Promise<void> = Promise.resolve();
  private wake: (() => void) | undefined;
  private readonly concurrency: number;
  private readonly maxAttempts: number;
  private readonly maxBackoffMs: number;

  constructor(private readonly o: WorkerOptions) {
    this.pacer = new Pacer(o.limits ?? TELEGRAM_LIMITS, o.clock());
    this.concurrency = o.concurrency ?? 8;
    this.maxAttempts = o.maxAttempts ?? 12;
    this.maxBackoffMs = o.maxBackoffMs ?? 5 * 60_000;
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
    const now = this.o.clock();
    let wait = 1000;
    const free = this.concurrency - this.inFlight.size;
    if (free > 0) {
      const overall = this.pacer.overallWait(now);
      if (overall > 0) return overall;
      const rows = dueHeads(this.o.db, now, this.inFlight.keys(), free * 4);
      for (const row of rows) {
        if (this.inFlight.size >= this.concurrency) break;
        const dest = row.destinationChatId;
        const paced = this.pacer.waitFor(dest, now);
        if (paced > 0) {
          wait = Math.min(wait, paced);
          continue;
        }
        this.pacer.take(dest, now);
        const send = this.deliver(row).finally(() => {
          this.inFlight.delete(dest);
          this.kick();
        });
        this.inFlight.set(dest, send);
      }
    }
    const next = nextDueAt(this.o.db);
    if (next !== undefined && next > now) wait = Math.min(wait, next - now);
    return wait;
  }

  private async deliver(row: OutboxRow): Promise<void> {
    const { db, clock, log } = this.o;
    try {
      const record = await sendRow(this.o.api, db, row, this.o.renderCard);
      db.transaction((tx) => {
        record(tx);
        markSent(tx, row.id, clock);
      });
    } catch (err) {
      this.handleError(row, err);
      log.debug({ row: row.id, kind: row.kind, err: describe(err) }, "delivery attempt failed");
    }
  }

  private handleError(row: OutboxRow, err: unknown): void {
    const { db, clock, log } = this.o;
    const now = clock();
    if (err instanceof GrammyError && err.error_code === 429) {
      const retryAfterMs = (err.parameters.retry_after ?? 1) * 1000;
      this.pacer.pause(row.destinationChatId, now + retryAfterMs);
      reschedule(db, row.id, now + retryAfterMs, err.description, false);
      log.warn({ chat: row.destinationChatId, retryAfter: err.parameters.retry_after }, "Telegram asked to slow down");
      return;
    }
    if (err instanceof GrammyError && err.error_code === 403) {
      handleUnreachable(db, row.destinationChatId, reasonFor(err), clock);
      return;
    }
    if (err instanceof GrammyError && err.error_code < 500) {
      failRow(db, row, reasonFor(err), clock);
      log.warn({ row: row.id, kind: row.kind, error: err.description }, "delivery refused by Telegram");
      return;
    }
    // 5xx, network trouble, or a fault of ours: retry with growing pauses, then give up with the reason.
    const attempts = row.attempts + 1;
    if (attempts >= this.maxAttempts) {
      failRow(db, row, `Telegram could not be reached after ${attempts} attempts (${describe(err)})`, clock);
      log.error({ row: row.id, err: describe(err) }, "delivery gave up");
      return;
    }
    const backoff = Math.min(this.maxBackoffMs, 500 * 2 ** attempts) * (0.75 + Math.random() * 0.5);
    reschedule(db, row.id, now + backoff, describe(err), true);
  }
}

function describe(err: unknown): string {
  if (err instanceof GrammyError) return `${err.error_code} ${err.description}`;
  if (err instanceof HttpError) return `network: ${String((err.error as Error)?.message ?? err.error)}`;
  return err instanceof Error ? err.message : String(err);
}

/** Telegram's description in words an operator understands, for the notice they get. */
function reasonFor(err: GrammyError): string {
  const d = err.description;
  if (/blocked by the user/i.test(d)) return "the client has blocked the bot.";
  if (/can't initiate conversation/i.test(d)) return "the person has never started the bot.";
  if (/message is too long/i.test(d)) return "the message is longer than Telegram allows (4096 characters).";
  if (/caption is too long/i.test(d)) return "the caption is longer than Telegram allows (1024 characters).";
  if (/message to copy not found/i.test(d)) return "the original message no longer exists.";
  return `Telegram refused it (${d}).`;
}
