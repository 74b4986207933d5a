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
 */
export class HeldRows {
  readonly queues = new Map<number, DestinationQueue>();
  /** Every pending row up to this id was read: held, or skipped by a destination that is behind. */
  private lastLoadedId = 0;
  /** Destinations whose window filled up: the id of the first conversation row not held. */
  private readonly behind = new Map<number, number>();
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
        if (!ref.urgent) {
          if (this.behind.has(dest)) continue;
          if ((this.queues.get(dest)?.size ?? 0) >= this.window) {
            this.behind.set(dest, ref.id);
            continue;
          }
        }
        this.queueOf(dest).push(ref);
      }
      if (rows.length < 5000) return;
    }
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
      // Urgent rows were held when first read; rows before the first skipped are held or done.
      if (ref.urgent || !r.needy.has(dest) || ref.id < this.behind.get(dest)!) continue;
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
      for (const dest of r.needy) this.behind.delete(dest);
      r.needy.clear();
    }
    if (r.needy.size === 0) this.refill = undefined;
    return this.refill !== undefined;
  }
}
