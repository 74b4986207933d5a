import { statement } from "../db/prepared.js";
import type { Store } from "../db/store.js";
import { unpackSamples } from "./packed-samples.js";
import { keyOf, periodParts, rawOrHour, type RolledUpStretch } from "./report-parts.js";

type Counts = Map<number | null, number>;

/** Chats each operator became responsible for (distinct), and reassignments in and out; the team's under null. */
export interface AssignmentFigures {
  assigned: Counts;
  reassignedIn: Counts;
  reassignedOut: Counts;
}

/** What a stretch of time adds up to before counting: the chats assigned to each operator (repeats kept), the moves. */
interface Assignments {
  chats: Map<number, number[]>;
  reassignedIn: Counts;
  reassignedOut: Counts;
}

const empty = (): Assignments => ({ chats: new Map(), reassignedIn: new Map([[null, 0]]), reassignedOut: new Map([[null, 0]]) });
const add = (m: Counts, op: number | null, n: number) => m.set(op, (m.get(op) ?? 0) + n);

function listOf(map: Map<number, number[]>, op: number): number[] {
  const list = map.get(op) ?? [];
  if (list.length === 0) map.set(op, list);
  return list;
}

/** Whole UTC days or hours from their roll-up: a row per operator and day (or hour), the chats packed. */
function rolledUp(db: Store, { table, from, to }: RolledUpStretch, into: Assignments): Assignments {
  const key = keyOf(table);
  const rows = statement(
    db,
    `SELECT operator_id, assigned_chats, reassigned_in, reassigned_out FROM ${table} WHERE ${key} >= ? AND ${key} < ?`,
  )
    .raw()
    .all(from, to) as Array<[number, Uint8Array, number, number]>;
  for (const [op, chats, moved, movedOut] of rows) {
    if (chats.length > 0) unpackSamples(chats, listOf(into.chats, op));
    add(into.reassignedIn, op, moved);
    add(into.reassignedIn, null, moved);
    add(into.reassignedOut, op, movedOut);
    add(into.reassignedOut, null, movedOut);
  }
  return into;
}

/** [from, to) from the assignment rows themselves, over their covering index: the partial days at a period's ends. */
function raw(db: Store, from: number, to: number, into: Assignments): Assignments {
  const rows = statement(db, "SELECT to_operator_id, chat_id FROM assignments WHERE at >= ? AND at < ? AND to_operator_id IS NOT NULL")
    .raw()
    .all(from, to) as Array<[number, number]>;
  for (const [op, chat] of rows) listOf(into.chats, op).push(chat);
  const moves = statement(
    db,
    `SELECT to_operator_id, from_operator_id, count(*) FROM assignments WHERE at >= ? AND at < ? AND to_operator_id IS NOT NULL AND from_operator_id IS NOT NULL AND from_operator_id != to_operator_id
     GROUP BY to_operator_id, from_operator_id`,
  )
    .raw()
    .all(from, to) as Array<[number, number, number]>;
  for (const [toOp, fromOp, n] of moves) {
    add(into.reassignedIn, toOp, n);
    add(into.reassignedIn, null, n);
    add(into.reassignedOut, fromOp, n);
    add(into.reassignedOut, null, n);
  }
  return into;
}

/** How many different values `values` holds; sorts a copy. */
function distinct(values: Float64Array): number {
  values.sort();
  let n = values.length > 0 ? 1 : 0;
  for (let i = 1; i < values.length; i++) if (values[i] !== values[i - 1]) n++;
  return n;
}

/**
 * Whole UTC days from the roll-up, where each operator's day keeps the chats assigned to them (4 bytes each), the
 * partial days at either end by whole hours from the hourly roll-up, and the minutes left from the assignment rows. Distinct chats are counted here, per operator and for
 * the team (a chat assigned to two people counts once), over sorted arrays: a month is ~90k assignments on the
 * large store, ~350 KB packed, where their covering index took ~2.4 MB to read cold and SQL's distinct counts
 * (temporary B-trees) ~130 ms of CPU.
 */
export function assignmentFigures(db: Store, from: number, to: number): AssignmentFigures {
  const all = empty();
  const parts = periodParts(from, to);
  for (const stretch of parts.rolledUp) rolledUp(db, stretch, all);
  for (const stretch of parts.raw) {
    const part = rawOrHour(
      db,
      stretch,
      (hour) => rolledUp(db, hour, empty()),
      () => raw(db, ...stretch, empty()),
    );
    for (const [op, chats] of part.chats) listOf(all.chats, op).push(...chats);
    for (const [op, n] of part.reassignedIn) add(all.reassignedIn, op, n);
    for (const [op, n] of part.reassignedOut) add(all.reassignedOut, op, n);
  }
  const lists = [...all.chats.values()];
  const team = new Float64Array(lists.reduce((n, l) => n + l.length, 0));
  let at = 0;
  for (const list of lists) {
    team.set(list, at);
    at += list.length;
  }
  const assigned: Counts = new Map([[null, distinct(team)]]);
  for (const [op, list] of all.chats) assigned.set(op, distinct(Float64Array.from(list)));
  // Operators with moves only have no entry for their chats, as the SQL's per-operator counts had none.
  const drop = (m: Counts) => {
    for (const [op, n] of m) if (n === 0 && op !== null) m.delete(op);
    return m;
  };
  return { assigned, reassignedIn: drop(all.reassignedIn), reassignedOut: drop(all.reassignedOut) };
}
