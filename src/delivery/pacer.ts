/** Telegram's published guidance: about 30 messages a second overall and about 1 a second per chat. */
export interface PacingLimits {
  /** Sends per second across all chats, counted over any sliding second. */
  perSecond: number;
  /** Kept for configuration compatibility; the sliding window already bounds how many go back to back. */
  burst: number;
  /** Sends per second to one chat. */
  perChatPerSecond: number;
  /** Kept for configuration compatibility; one chat never has more than one send in flight. */
  perChatBurst: number;
}

export const TELEGRAM_LIMITS: PacingLimits = { perSecond: 30, burst: 5, perChatPerSecond: 1, perChatBurst: 1 };

const WINDOW_MS = 1000;

/**
 * Keeps the worker inside Telegram's limits instead of meeting 429s, which cost far more than the margin.
 *
 * Telegram counts a send when the request reaches it, somewhere between our start and the answer. So a send
 * holds its place from its start until a second after its answer: then, whatever the travel times, Telegram
 * never sees more sends in one second than there are places (the newest send of any such second started while
 * all the others held theirs). Places: one fewer than `perSecond`, a margin for Telegram's unpublished exact limit.
 * The cost is the round trip: 29 places and a 50 ms round trip make about 27.6 sends a second.
 *
 * Per chat, likewise: the next send starts a full interval after the previous one was answered.
 */
export class Pacer {
  private readonly places: number;
  private readonly chatIntervalMs: number;
  /**
   * When each send answered less than a second ago was answered, oldest first, from `first` on; with the sends in
   * flight (one per chat, `inFlight`), these hold the places. A queue rather than a scan: with the limits lifted
   * (a self-hosted Bot API server) hundreds of sends hold a place at once.
   */
  private answered: number[] = [];
  private first = 0;
  /** When each chat's last send was answered; absent while one is in flight or long idle. */
  private readonly answeredAt = new Map<number, number>();
  private readonly inFlight = new Set<number>();
  private readonly pausedUntil = new Map<number, number>();

  constructor(limits: PacingLimits, _now = 0) {
    this.places = Math.max(1, Math.ceil(limits.perSecond) - 1);
    this.chatIntervalMs = 1000 / limits.perChatPerSecond;
  }

  /** Milliseconds before a send to this chat may start; 0 means now. */
  waitFor(chatId: number, now: number): number {
    const paused = (this.pausedUntil.get(chatId) ?? 0) - now;
    return Math.max(paused, this.overallWait(now), this.chatWait(chatId, now), 0);
  }

  /** Milliseconds before any send may start, whatever the chat. */
  overallWait(now: number): number {
    this.release(now);
    if (this.inFlight.size + this.answered.length - this.first < this.places) return 0;
    // The earliest a place frees: the oldest answered send's second runs out (in-flight ones wait for their answer).
    // Should the clock step back, a later entry may be older than the first: its place is then held a little longer.
    const oldest = this.answered[this.first];
    return oldest === undefined ? 50 : oldest + WINDOW_MS - now + 1;
  }

  /** A send to this chat starts now. */
  take(chatId: number, now: number): void {
    this.release(now);
    this.inFlight.add(chatId);
  }

  /** The send to this chat was answered (or failed): its place frees a second from now, the chat's interval counts from now. */
  done(chatId: number, now: number): void {
    if (this.inFlight.delete(chatId)) this.answered.push(now);
    this.answeredAt.set(chatId, now);
    // Forget idle chats so the map stays as small as the set of chats being written to.
    if (this.answeredAt.size > 10_000)
      for (const [id, at] of this.answeredAt) if (now - at >= this.chatIntervalMs) this.answeredAt.delete(id);
  }

  /** Telegram said "retry after": nothing goes to that chat until then. */
  pause(chatId: number, until: number): void {
    this.pausedUntil.set(chatId, Math.max(until, this.pausedUntil.get(chatId) ?? 0));
  }

  private chatWait(chatId: number, now: number): number {
    if (this.inFlight.has(chatId)) return this.chatIntervalMs;
    const answered = this.answeredAt.get(chatId);
    return answered === undefined ? 0 : Math.ceil(answered + this.chatIntervalMs - now);
  }

  private release(now: number): void {
    const answered = this.answered;
    while (this.first < answered.length && answered[this.first]! <= now - WINDOW_MS) this.first++;
    // Drop the released entries now and then, not at every release.
    if (this.first > 1024 && this.first * 2 > answered.length) {
      this.answered = answered.slice(this.first);
      this.first = 0;
    }
  }
}
