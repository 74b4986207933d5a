import type { PendingRef } from "../rules/outbox.js";

/** Rows one chat may send in a row before the next chat with something waiting gets its turn. */
export const TURN = 5;

/**
 * A list of rows as flat pairs [id, notBefore, id, notBefore, …] in id order. A burst can leave hundreds of
 * thousands of rows pending (20,000 client messages fanned out to 10 operators); as an object each, they cost
 * about 40 MB of heap and the garbage collector's time, as two numbers in one array about 16 bytes each.
 */
type Rows = number[];

/**
 * One destination's pending rows, in the order they should go. Events and alerts (urgent rows) go first, in
 * order. Then each client chat's rows, strictly in order within the chat, take turns of a few rows each, so a
 * chat with a long backlog delays another chat's next message by one turn at most. (A destination holds a window
 * of rows, see held-rows.ts; a chat with nothing held still gets its row held past a full window, so it takes its
 * turn; a backlogged chat's further rows join again as the window drains.) A client's own chat only
 * ever holds rows about itself, so everything sent to a client keeps its order.
 *
 * Turns are a few rows rather than one so that an operator reading two busy chats is not shown a card before
 * every single message.
 */
export class DestinationQueue {
  /** Events and alerts: few, so kept as they came. */
  private readonly urgent: PendingRef[] = [];
  /** Each chat's rows in id order; the Map's order is the order of turns, the chat whose turn it is first. */
  private readonly lanes = new Map<number, Rows>();
  private turnLeft = TURN;
  /** Conversation rows held (urgent ones aside): what a destination's window in memory is measured by. */
  private held = 0;

  constructor(private readonly destinationChatId: number) {}

  get size(): number {
    return this.held;
  }

  /** Whether the chat (null: team notices) has rows held here. */
  holdsChat(chatId: number | null): boolean {
    return this.lanes.has(laneOf(chatId));
  }

  get empty(): boolean {
    return this.urgent.length === 0 && this.lanes.size === 0;
  }

  push(ref: PendingRef): void {
    if (ref.urgent) {
      this.urgent.push(ref);
      return;
    }
    this.held++;
    const key = laneOf(ref.chatId);
    const lane = this.lanes.get(key);
    if (!lane) this.lanes.set(key, [ref.id, ref.notBefore]);
    // A short lane is copied at its exact size: push() would leave room for 20 numbers in each of ten thousand
    // chats' lanes (a burst from many clients), five times the rows themselves. The Map keeps the lane's turn.
    else if (lane.length < 32) this.lanes.set(key, lane.concat([ref.id, ref.notBefore]));
    else lane.push(ref.id, ref.notBefore);
  }

  /** The row to send now, or how many milliseconds until one is due. */
  next(now: number): PendingRef | number {
    let wait = Number.POSITIVE_INFINITY;
    const event = this.urgent[0];
    if (event) {
      if (event.notBefore <= now) return event;
      wait = event.notBefore - now;
    }
    if (this.turnLeft <= 0) this.passTurn();
    // A chat whose next row is not due yet (an album gathering, a retry waiting) passes its turn on.
    for (let i = 0; i < this.lanes.size; i++) {
      const [key, lane] = this.lanes.entries().next().value!;
      const notBefore = lane[1]!;
      if (notBefore <= now)
        return { id: lane[0]!, destinationChatId: this.destinationChatId, notBefore, chatId: key || null, urgent: false };
      wait = Math.min(wait, notBefore - now);
      this.passTurn();
    }
    return wait;
  }

  /** The row waits until `notBefore` (a retry, an album still gathering, the database failing us). */
  postpone(ref: PendingRef, notBefore: number): void {
    ref.notBefore = notBefore;
    if (ref.urgent) return;
    const lane = this.lanes.get(laneOf(ref.chatId));
    const at = lane ? indexOf(lane, ref.id) : -1;
    if (at >= 0) lane![at + 1] = notBefore;
  }

  /** The row is done (sent, failed or gone): the next of its chat moves up. */
  remove(ref: PendingRef): void {
    if (ref.urgent) {
      const at = this.urgent.indexOf(ref);
      if (at >= 0) this.urgent.splice(at, 1);
      return;
    }
    const key = laneOf(ref.chatId);
    const lane = this.lanes.get(key);
    if (!lane || !drop(lane, ref.id)) return;
    this.held--;
    const current = this.lanes.keys().next().value === key;
    if (current) this.turnLeft--;
    if (lane.length === 0) {
      this.lanes.delete(key);
      if (current) this.turnLeft = TURN;
    }
  }

  private passTurn(): void {
    const [key, lane] = this.lanes.entries().next().value ?? [];
    if (key !== undefined && lane) {
      this.lanes.delete(key);
      this.lanes.set(key, lane);
    }
    this.turnLeft = TURN;
  }
}

/** Team notices (about no chat) share one lane of their own. */
function laneOf(chatId: number | null): number {
  return chatId ?? 0;
}

function indexOf(rows: Rows, id: number): number {
  // Always the head in practice: a destination has one send in flight, and it is the head of its lane.
  for (let i = 0; i < rows.length; i += 2) if (rows[i] === id) return i;
  return -1;
}

function drop(rows: Rows, id: number): boolean {
  const at = indexOf(rows, id);
  if (at < 0) return false;
  // shift() at the head: V8 moves the array's start instead of copying the rest.
  if (at === 0) {
    rows.shift();
    rows.shift();
  } else rows.splice(at, 2);
  return true;
}
