import type { PendingRef } from "../rules/outbox.js";

/** Rows one chat may send in a row before the next chat with something waiting gets its turn. */
export const TURN = 5;

/**
 * One destination's pending rows, in the order they should go. Events and alerts (urgent rows) go first, in
 * order. Then each client chat's rows, strictly in order within the chat, take turns of a few rows each, so a
 * chat with a long backlog delays another chat's next message by one turn at most. A client's own chat only
 * ever holds rows about itself, so everything sent to a client keeps its order.
 *
 * Turns are a few rows rather than one so that an operator reading two busy chats is not shown a card before
 * every single message.
 */
export class DestinationQueue {
  private readonly urgent: PendingRef[] = [];
  /** Each chat's rows in id order; the Map's order is the order of turns, the chat whose turn it is first. */
  private readonly lanes = new Map<number, PendingRef[]>();
  private turnLeft = TURN;

  get empty(): boolean {
    return this.urgent.length === 0 && this.lanes.size === 0;
  }

  push(ref: PendingRef): void {
    if (ref.urgent) {
      this.urgent.push(ref);
      return;
    }
    const key = laneOf(ref);
    const lane = this.lanes.get(key);
    if (lane) lane.push(ref);
    else this.lanes.set(key, [ref]);
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
      const first = this.lanes.values().next().value!;
      const head = first[0]!;
      if (head.notBefore <= now) return head;
      wait = Math.min(wait, head.notBefore - now);
      this.passTurn();
    }
    return wait;
  }

  /** The row is done (sent, failed or gone): the next of its chat moves up. */
  remove(ref: PendingRef): void {
    if (ref.urgent) {
      drop(this.urgent, ref);
      return;
    }
    const key = laneOf(ref);
    const lane = this.lanes.get(key);
    if (!lane) return;
    drop(lane, ref);
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
function laneOf(ref: PendingRef): number {
  return ref.chatId ?? 0;
}

function drop(list: PendingRef[], ref: PendingRef): void {
  // Always the head in practice: a destination has one send in flight, and it is the head of its lane.
  if (list[0] === ref) list.shift();
  else if (list.includes(ref)) list.splice(list.indexOf(ref), 1);
}
