import { channel } from "node:diagnostics_channel";
import { setTimeout as wait } from "node:timers/promises";
import { type Bot, GrammyError } from "grammy";
import type { Update } from "grammy/types";
import type { WriteBatch } from "../db/write-batch.js";
import { describe } from "../delivery/telegram-errors.js";
import type { Logger } from "../logger.js";
import type { BotContext } from "./context.js";

/** How long each update took to handle: `{ updateId, ms }`, published only while someone subscribes. */
export const UPDATE_HANDLED_CHANNEL = "operator-console:update-handled";
const handled = channel(UPDATE_HANDLED_CHANNEL);

/** Why polling ended on its own: Telegram gives this token's updates to someone else, or refuses the token. */
export type PollingEnd = { reason: "stopped" } | { reason: "conflict" | "unauthorized" | "failed"; description: string };

export interface PollingOptions {
  log: Logger;
  allowedUpdates?: readonly string[];
  /** Long-poll timeout in seconds. */
  timeoutSeconds?: number;
  /** An update that could not be stored nor kept for retry is tried again after this, doubling up to `maxRetryDelayMs`. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Told when an update could not be stored or kept (it stays unconfirmed), and when one was handled after that. */
  onUpdateNotStored?: (err: unknown, update: Update) => void;
  onUpdateStored?: () => void;
  /**
   * When given, the updates of one getUpdates answer are stored in one transaction (a savepoint each), committed
   * before the next getUpdates confirms them; without it, every update commits on its own.
   */
  batch?: WriteBatch;
}

/**
 * Long polling that confirms an update to Telegram only once it was handled: stored, or kept by the safety net
 * for a later retry. grammY's `bot.start()` confirms every update it tried, even when storing it failed (a full
 * disk), which loses the message; here such an update stays unconfirmed and is handled again, in order, after a
 * pause, until the database takes it. Telegram holds the updates meanwhile (for up to 24 hours).
 */
export class Polling {
  private running = false;
  private abort: AbortController | undefined;
  /** The first update Telegram may still send: everything below was handled. */
  private offset = 0;
  private confirmed = 0;
  private retryWake: (() => void) | undefined;
  readonly done: Promise<PollingEnd>;
  private resolveDone!: (end: PollingEnd) => void;

  constructor(
    private readonly bot: Bot<BotContext>,
    private readonly o: PollingOptions,
  ) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  /**
   * Starts polling (the bot must be initialised); `done` resolves when it ends. `webhookDeleted`: the caller
   * already removed any webhook (main.ts does it beside getMe, saving a round trip), so polling need not.
   */
  start(onStart?: () => void, webhookDeleted = false): void {
    if (this.running) return;
    this.running = true;
    this.abort = new AbortController();
    void this.run(onStart, webhookDeleted).then(
      (end) => this.resolveDone(end),
      (err) => {
        this.running = false;
        this.resolveDone({ reason: "failed", description: describe(err) });
      },
    );
  }

  /**
   * Lets the update in hand finish, then confirms what was handled. An update that could not be stored stays
   * unconfirmed, so Telegram sends it again to the next start.
   */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.abort?.abort();
    this.retryWake?.();
    await this.done;
  }

  isRunning(): boolean {
    return this.running;
  }

  private async run(onStart: (() => void) | undefined, webhookDeleted: boolean): Promise<PollingEnd> {
    // As bot.start() does: a webhook left over from webhook mode would answer every getUpdates with 409.
    if (!webhookDeleted) {
      const setup = await this.withRetries(() => this.bot.api.deleteWebhook({}, this.abort?.signal as never));
      if (setup) return setup;
    }
    onStart?.();
    let first = true;
    while (this.running) {
      let updates: Update[];
      try {
        updates = await this.bot.api.getUpdates(
          {
            offset: this.offset,
            limit: 100,
            timeout: this.o.timeoutSeconds ?? 30,
            // Telegram keeps the last allowed_updates, so sending it once is enough.
            ...(first && this.o.allowedUpdates ? { allowed_updates: [...this.o.allowedUpdates] as never } : {}),
          },
          this.abort?.signal as never,
        );
        first = false;
        this.confirmed = this.offset;
      } catch (err) {
        if (!this.running) break;
        const end = this.fatal(err);
        if (end) return end;
        await this.pauseAfterPollingError(err);
        continue;
      }
      if (this.o.batch) await this.handleBatch(updates, this.o.batch);
      else
        for (const update of updates) {
          if (!this.running || !(await this.handle(update))) break;
          this.offset = update.update_id + 1;
        }
    }
    await this.confirmHandled();
    return { reason: "stopped" };
  }

  /**
   * One transaction for the whole answer, a savepoint per update; the offset moves only past committed updates.
   * An update that throws (a storage error: the safety net keeps any other failure itself) has its own writes
   * undone, the ones before it are committed, and it is handled alone as without a batch, retried until stored.
   * When the batch is rolled back (a failed commit), the updates it held are handled again one by one.
   */
  private async handleBatch(updates: readonly Update[], batch: WriteBatch): Promise<void> {
    /** Handled in the open transaction, not yet committed. */
    let held: Update[] = [];
    const committed = () => {
      if (held.length) this.offset = held.at(-1)!.update_id + 1;
      held = [];
    };
    /** Handled one by one as without a batch; false when stopping first. */
    const alone = async (pending: Update[]): Promise<boolean> => {
      held = [];
      for (const update of pending) {
        if (!(await this.handle(update))) return false;
        this.offset = update.update_id + 1;
      }
      return true;
    };
    for (const update of updates) {
      if (!this.running) break;
      let failed = false;
      try {
        batch.begin();
        await batch.item(update.update_id, () => this.handleTimed(update));
      } catch {
        failed = true;
      }
      if (batch.rolledBack) {
        // The batch is gone (a commit failed, or SQLite dropped the transaction): everything it held is redone.
        if (!(await alone([...held, update]))) return;
        continue;
      }
      if (!batch.isOpen) committed(); // someone committed meanwhile: what was held is kept
      if (!failed) {
        if (batch.isOpen) held.push(update);
        else this.offset = update.update_id + 1;
        continue;
      }
      // Its own writes are undone; the others' are committed before it is handled alone.
      if (!this.commit(batch)) {
        if (!(await alone([...held, update]))) return;
        continue;
      }
      committed();
      if (!(await alone([update]))) return;
    }
    if (!this.commit(batch)) await alone(held);
    else committed();
  }

  /**
   * grammY's handling of one update. Its duration is published on a diagnostics channel, for the benchmark's
   * handler clock; nothing is measured while no one listens.
   */
  private async handleTimed(update: Update): Promise<void> {
    if (!handled.hasSubscribers) return this.bot.handleUpdate(update);
    const t0 = performance.now();
    try {
      await this.bot.handleUpdate(update);
    } finally {
      handled.publish({ updateId: update.update_id, ms: performance.now() - t0 });
    }
  }

  /** Commits the batch; false when the commit failed and rolled back what it held. */
  private commit(batch: WriteBatch): boolean {
    try {
      batch.commit();
      return true;
    } catch {
      return false;
    }
  }

  /** Handles one update until it is stored or kept; false when stopping first (the update stays unconfirmed). */
  private async handle(update: Update): Promise<boolean> {
    let delay = this.o.retryDelayMs ?? 1_000;
    let failed = false;
    for (;;) {
      try {
        await this.handleTimed(update);
        if (failed) this.o.onUpdateStored?.();
        return true;
      } catch (err) {
        // The safety net keeps every failed update, so what reaches here could be neither stored nor kept.
        const cause = (err as { error?: unknown }).error ?? err;
        failed = true;
        this.o.log.error(
          { err: cause, updateId: update.update_id, retryInMs: delay },
          "update could not be stored; not confirming it, will try again",
        );
        this.o.onUpdateNotStored?.(cause, update);
        if (!this.running) return false;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          this.retryWake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.retryWake = undefined;
        if (!this.running) return false;
        delay = Math.min(this.o.maxRetryDelayMs ?? 30_000, delay * 2);
      }
    }
  }

  /** Tells Telegram which updates were handled since the last getUpdates, as bot.stop() does. */
  private async confirmHandled(): Promise<void> {
    if (this.offset <= this.confirmed) return;
    try {
      await this.bot.api.getUpdates({ offset: this.offset, limit: 1, timeout: 0 });
      this.confirmed = this.offset;
    } catch (err) {
      // Not fatal: Telegram sends them again and the handlers recognise repeats.
      this.o.log.warn({ err: describe(err) }, "could not confirm the last handled updates");
    }
  }

  private fatal(err: unknown): PollingEnd | undefined {
    if (!(err instanceof GrammyError)) return undefined;
    if (err.error_code === 409) {
      this.running = false;
      return { reason: "conflict", description: err.description };
    }
    if (err.error_code === 401) {
      this.running = false;
      return { reason: "unauthorized", description: err.description };
    }
    return undefined;
  }

  private async pauseAfterPollingError(err: unknown): Promise<void> {
    const retryAfter = err instanceof GrammyError ? err.parameters.retry_after : undefined;
    const seconds = retryAfter ?? 3;
    this.o.log.warn({ err: describe(err), retryInSeconds: seconds }, "getUpdates failed; retrying");
    await sleep(seconds * 1000, this.abort?.signal);
  }

  /** Runs a set-up call until it succeeds, waiting out network trouble, 5xx and 429; ends on 401 and 409. */
  private async withRetries(call: () => Promise<unknown>): Promise<PollingEnd | undefined> {
    let delay = 100;
    while (this.running) {
      try {
        await call();
        return undefined;
      } catch (err) {
        if (!this.running) break;
        const end = this.fatal(err);
        if (end) return end;
        if (err instanceof GrammyError && err.error_code !== 429 && err.error_code < 500) throw err;
        const retryAfter = err instanceof GrammyError ? err.parameters.retry_after : undefined;
        await sleep(retryAfter !== undefined ? retryAfter * 1000 : delay, this.abort?.signal);
        delay = Math.min(60_000, delay * 2);
      }
    }
    return { reason: "stopped" };
  }
}

/** Waits, or less when polling stops meanwhile. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return wait(ms, undefined, { signal }).catch(() => {});
}
