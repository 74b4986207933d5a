/** Telegram's published guidance: about 30 messages a second overall and about 1 a second per chat. */
export interface PacingLimits {
  /** Sustained sends per second across all chats. */
  perSecond: number;
  /** How many sends may go out back to back before the overall rate applies. */
  burst: number;
  /** Sustained sends per second to one chat. */
  perChatPerSecond: number;
  /** How many sends one chat may get back to back (Telegram tolerates short bursts). */
  perChatBurst: number;
}

export const TELEGRAM_LIMITS: PacingLimits = { perSecond: 30, burst: 5, perChatPerSecond: 1, perChatBurst: 1 };

class Bucket {
  private tokens: number;
  private updatedAt: number;
  constructor(
    private readonly capacity: number,
    private readonly perMs: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.updatedAt = now;
  }
  /** Milliseconds until a token is available (0: available now). */
  waitFor(now: number): number {
    this.refill(now);
    return this.tokens >= 1 ? 0 : Math.ceil((1 - this.tokens) / this.perMs);
  }
  take(now: number): void {
    this.refill(now);
    this.tokens -= 1;
  }
  full(now: number): boolean {
    this.refill(now);
    return this.tokens >= this.capacity;
  }
  private refill(now: number): void {
    if (now > this.updatedAt) {
      this.tokens = Math.min(this.capacity, this.tokens + (now - this.updatedAt) * this.perMs);
      this.updatedAt = now;
    }
  }
}

/** Token buckets, overall and per chat, so the worker stays inside Telegram's limits instead of meeting 429s. */
export class Pacer {
  private readonly overall: Bucket;
  private readonly chats = new Map<number, Bucket>();
  private readonly pausedUntil = new Map<number, number>();

  constructor(
    private readonly limits: PacingLimits,
    now: number,
  ) {
    this.overall = new Bucket(limits.burst, limits.perSecond / 1000, now);
  }

  /** Milliseconds before a send to this chat may start; 0 means now. */
  waitFor(chatId: number, now: number): number {
    const paused = (this.pausedUntil.get(chatId) ?? 0) - now;
    return Math.max(paused, this.overall.waitFor(now), this.chat(chatId, now).waitFor(now), 0);
  }

  /** Milliseconds before any send may start, whatever the chat. */
  overallWait(now: number): number {
    return this.overall.waitFor(now);
  }

  take(chatId: number, now: number): void {
    this.overall.take(now);
    this.chat(chatId, now).take(now);
  }

  /** Telegram said "retry after": nothing goes to that chat until then. */
  pause(chatId: number, until: number): void {
    this.pausedUntil.set(chatId, Math.max(until, this.pausedUntil.get(chatId) ?? 0));
  }

  private chat(chatId: number, now: number): Bucket {
    let bucket = this.chats.get(chatId);
    if (!bucket) {
      // Forget idle chats so the map stays as small as the set of chats being written to.
      if (this.chats.size > 10_000) for (const [id, b] of this.chats) if (b.full(now)) this.chats.delete(id);
      bucket = new Bucket(this.limits.perChatBurst, this.limits.perChatPerSecond / 1000, now);
      this.chats.set(chatId, bucket);
    }
    return bucket;
  }
}
