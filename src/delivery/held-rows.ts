import type { Db } from "../db/client.js";
import { anyPendingAfter, pendingAfter } from "../rules/outbox.js";
import { DestinationQueue } from "./queues.js";

/**
 * Conversation rows each destination keeps in memory. An operator receives at most one send a second, so a few
 * minutes' worth is all the pacer can use; a burst from many clients otherwise left every pending row in
 * memory (20,000 messages fanned out on the large store: ~400,000 rows in ~220,000 chat lanes, ~27 MB of live
 * heap, and the collector copying them young). Events and alerts are always held, so they still go first.
 */
export const WINDOW_ROWS = 256;
/** At most this many rows are read per look when windows are refilled from the database. */
const REFILL_BATCH = 2_000;

/**
 * The pending rows the delivery worker holds, per destination, and how it learns of more: new rows by one
 * range scan past the last row read (see pendingAfter); a destination whose window is full skips its
 * conversation rows from then on (`behind`: the first one skipped), and once half its window is sent, they are
 * read again from the database in id order, so each chat's rows still go in order and none is missed. The
 * database stays the truth; what is held only saves reading it again.
 *
 * A chat that has nothing held and nothing skipped still gets its row held past a full window (up to a second
 * window's worth): otherwise a new client's first message would wait behind the backlogs that filled it (two
 * minutes and more at one send a second) instead of taking its turn among them. Such rows are remembered, so a
 * refill does not hold them twice.
 */
export class HeldRows {
  readonly queues = new Map<number, DestinationQueue>();
  /** Every pending row up to this id was read: held, or skipped by a destination that is behind. */
  private lastLoadedId = 0;
  /** Destinations whose window filled up: the id of the first conversation row not held. */
  private readonly behind = new Map<number, number>();
  /** Per destination that skipped rows: the chats (lanes) some of whose rows are not held. */
  private readonly skippedChats = new Map<number, Set<number | null>>();
  /** Per destination: rows held past a full window, each the only row of its chat then (see above). */
  private readonly heldPast = new Map<number, Set<number>>();
  /** A refill under way, one batch per look: where the scan is, and the destinations it fills. */
  private refill: { cursor: number; needy: Set<number> } | undefined;

  constructor(
    private readonly db: Db,
    private readonly window = WINDOW_ROWS,
  ) {}

  /** Holds the pending rows written since the last look; true while a refill still has rows to read. */
  load(): boolean {
    this.loadNew();
    return this.refillStep();
  }

  private queueOf(dest: number): DestinationQueue {
    let queue = this.queues.get(dest);
    if (!queue) {
      queue = new DestinationQueue(dest);
      this.queues.set(dest, queue);
    }
    return queue;
  }

  private loadNew(): void {
    if (!anyPendingAfter(this.db, this.lastLoadedId)) return;
    for (;;) {
      const rows = pendingAfter(this.db, this.lastLoadedId, 5000);
      for (const ref of rows) {
        this.lastLoadedId = ref.id;
        const dest = ref.destinationChatId;
        if (!ref.urgent && (this.behind.has(dest) || (this.queues.get(dest)?.size ?? 0) >= this.window)) {
          if (this.isNewChat(dest, ref.chatId)) {
            setOf(this.heldPast, dest).add(ref.id);
            this.queueOf(dest).push(ref);
            continue;
          }
          if (!this.behind.has(dest)) this.behind.set(dest, ref.id);
          setOf(this.skippedChats, dest).add(ref.chatId);
          continue;
        }
        this.queueOf(dest).push(ref);
      }
      if (rows.length < 5000) return;
    }
  }

  /**
   * A chat with no row held and none skipped at this destination: its row can go in its turn. Up to a second
   * window's worth: in a burst from thousands of new clients every chat is new, and holding one row of each for
   * every operator brought back most of the memory the window saves (peak RSS 148 -> 191 MB on the large store).
   */
  private isNewChat(dest: number, chatId: number | null): boolean {
    const queue = this.queues.get(dest);
    if (queue && queue.size >= 2 * this.window) return false;
    return !queue?.holdsChat(chatId) && !this.skippedChats.get(dest)?.has(chatId);
  }

  private refillStep(): boolean {
    if (this.behind.size === 0) return false;
    if (!this.refill) {
      let from = Number.POSITIVE_INFINITY;
      const needy = new Set<number>();
      for (const [dest, first] of this.behind) {
        if ((this.queues.get(dest)?.size ?? 0) > this.window / 2) continue;
        needy.add(dest);
        from = Math.min(from, first);
      }
      if (needy.size === 0) return false;
      this.refill = { cursor: from - 1, needy };
    }
    const r = this.refill;
    // As many as the windows lack (more look-ups follow when other destinations' rows come between): with one
    // destination sending fast (a self-hosted Bot API server) a full batch would read each row many times over.
    let lacking = 0;
    for (const dest of r.needy) lacking += this.window - (this.queues.get(dest)?.size ?? 0);
    const batch = Math.min(REFILL_BATCH, lacking + 1);
    const rows = pendingAfter(this.db, r.cursor, batch);
    // Rows past the last one read belong to loadNew, which skips them while their destination is behind.
    let end = rows.length < batch;
    for (const ref of rows) {
      if (ref.id > this.lastLoadedId) {
        end = true;
        break;
      }
      r.cursor = ref.id;
      const dest = ref.destinationChatId;
      // Urgent rows were held when first read; rows before the first skipped are held or done; a new chat's row
      // may have been held past the window.
      if (ref.urgent || !r.needy.has(dest) || ref.id < this.behind.get(dest)!) continue;
      if (this.heldPast.get(dest)?.delete(ref.id)) continue;
      const queue = this.queueOf(dest);
      if (queue.size >= this.window) {
        this.behind.set(dest, ref.id);
        r.needy.delete(dest);
        continue;
      }
      queue.push(ref);
    }
    if (end) {
      // Caught up: every row of theirs up to the last one read is held now, and loadNew holds the next ones.
      for (const dest of r.needy) {
        this.behind.delete(dest);
        this.skippedChats.delete(dest);
        // Every row up to the last one read was passed: any left here came before the first skipped.
        this.heldPast.delete(dest);
      }
      r.needy.clear();
    }
    if (r.needy.size === 0) this.refill = undefined;
    return this.refill !== undefined;
  }
}

function setOf<T>(sets: Map<number, Set<T>>, key: number): Set<T> {
  let set = sets.get(key);
  if (!set) {
    set = new Set();
    sets.set(key, set);
  }
  return set;
}
