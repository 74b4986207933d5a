import { asc, sql } from "drizzle-orm";
import { operators } from "../db/schema.js";
import { statement } from "../db/prepared.js";
import type { Store } from "../db/store.js";
import { medianOf, percentileOf } from "./order-statistics.js";
import { unpackSamples } from "./packed-samples.js";
import { assignmentFigures } from "./report-assignments.js";
import { keyOf, periodParts, rawOrHour, type RolledUpStretch } from "./report-parts.js";

export { type AssignmentFigures, assignmentFigures } from "./report-assignments.js";

export interface ReportLine {
  operatorId: number | null;
  name: string;
  /** Chats the operator became responsible for in the period (any way: auto, claim, assign, group, API). */
  assigned: number;
  /** Closings of chats the operator was responsible for (or closed while nobody was). */
  closed: number;
  messagesSent: number;
  /** From a client's first unanswered message to this operator's answer. */
  firstResponseMedianMs: number | null;
  firstResponseP90Ms: number | null;
  /** From a chat's (re)opening to its closing. */
  resolutionMedianMs: number | null;
  reassignedIn: number;
  reassignedOut: number;
}

export interface Report {
  from: number;
  to: number;
  lines: ReportLine[];
  totals: ReportLine;
}

export function median(values: number[]): number | null {
  return medianOfSorted([...values].sort(byValue));
}

/** Nearest-rank percentile: the smallest value with at least p% of the values at or below it. */
export function percentile(values: number[], p: number): number | null {
  return percentileOfSorted([...values].sort(byValue), p);
}

const byValue = (a: number, b: number) => a - b;

export function medianOfSorted(s: ArrayLike<number>): number | null {
  if (s.length === 0) return null;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function percentileOfSorted(s: ArrayLike<number>, p: number): number | null {
  if (s.length === 0) return null;
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)]!;
}

type Counts = Map<number | null, number>;

function counts(rows: Array<{ op: number | null; n: number }>): Counts {
  return new Map(rows.map((r) => [r.op, r.n]));
}

function samples(rows: Array<{ op: number | null; v: number }>): Map<number | null, number[]> {
  const map = new Map<number | null, number[]>();
  for (const r of rows) {
    const list = map.get(r.op);
    if (list) list.push(r.v);
    else map.set(r.op, [r.v]);
  }
  return map;
}

/** What the report reads per operator over a period, besides assignments: answers sent and the duration samples. */
export interface PeriodFigures {
  /** Answers sent per operator; the team's under the null key. */
  sent: Counts;
  /** First-response times of the period's answers, per operator. */
  responses: Map<number | null, number[]>;
  /** Open-to-close times of the period's closings, per operator they count for. */
  closings: Map<number | null, number[]>;
}

/** The period's figures from the raw rows (messages, closures): the reference the roll-up must agree with. */
export function rawPeriodFigures(db: Store, from: number, to: number): PeriodFigures {
  const q = <T>(query: ReturnType<typeof sql>) => db.all<T>(query);
  const sentWhere = sql`author_operator_id IS NOT NULL AND created_at >= ${from} AND created_at < ${to}`;
  return {
    sent: counts(
      q(
        sql`SELECT author_operator_id AS op, count(*) AS n FROM messages WHERE ${sentWhere} GROUP BY author_operator_id UNION ALL SELECT NULL, count(*) FROM messages WHERE ${sentWhere}`,
      ),
    ),
    responses: samples(
      q(sql`SELECT author_operator_id AS op, first_response_ms AS v FROM messages WHERE ${sentWhere} AND first_response_ms IS NOT NULL`),
    ),
    closings: samples(
      q(
        sql`SELECT coalesce(responsible_id, by_operator_id) AS op, closed_at - opened_at AS v FROM closures WHERE closed_at >= ${from} AND closed_at < ${to}`,
      ),
    ),
  };
}

/** The figures of whole UTC days or hours from their roll-up: a row per operator and day (or hour). */
function rolledUpFigures(db: Store, { table, from, to }: RolledUpStretch): PeriodFigures {
  const key = keyOf(table);
  const rows = statement(db, `SELECT operator_id, messages_sent, first_responses, closings FROM ${table} WHERE ${key} >= ? AND ${key} < ?`)
    .raw()
    .all(from, to) as Array<[number, number, Uint8Array, Uint8Array]>;
  const figures: PeriodFigures = { sent: new Map([[null, 0]]), responses: new Map(), closings: new Map() };
  const listOf = (map: Map<number | null, number[]>, op: number) => {
    const list = map.get(op) ?? [];
    if (list.length === 0) map.set(op, list);
    return list;
  };
  for (const [op, n, fr, cl] of rows) {
    figures.sent.set(op, (figures.sent.get(op) ?? 0) + n);
    figures.sent.set(null, figures.sent.get(null)! + n);
    unpackSamples(fr, listOf(figures.responses, op));
    unpackSamples(cl, listOf(figures.closings, op));
  }
  return figures;
}

function append(map: Map<number | null, number[]>, op: number | null, values: readonly number[]): void {
  if (values.length === 0) return;
  const list = map.get(op);
  if (list) for (const v of values) list.push(v);
  else map.set(op, [...values]);
}

function merge(parts: PeriodFigures[]): PeriodFigures {
  const merged: PeriodFigures = { sent: new Map(), responses: new Map(), closings: new Map() };
  for (const part of parts) {
    for (const [op, n] of part.sent) merged.sent.set(op, (merged.sent.get(op) ?? 0) + n);
    for (const [op, v] of part.responses) append(merged.responses, op, v);
    for (const [op, v] of part.closings) append(merged.closings, op, v);
  }
  return merged;
}

/**
 * The period's figures, whole UTC days from the roll-up (about 30 rows per operator for a month), whole hours of
 * the partial days at either end from the hourly one, and the minutes left from the raw rows (or from their hour's
 * row when nothing follows them in that hour), so the result is the raw computation's exactly.
 */
export function periodFigures(db: Store, from: number, to: number): PeriodFigures {
  const { rolledUp, raw } = periodParts(from, to);
  if (rolledUp.length === 0) return rawPeriodFigures(db, from, to);
  return merge([
    ...rolledUp.map((stretch) => rolledUpFigures(db, stretch)),
    ...raw.map((stretch) =>
      rawOrHour(
        db,
        stretch,
        (hour) => rolledUpFigures(db, hour),
        () => rawPeriodFigures(db, ...stretch),
      ),
    ),
  ]);
}

/** The samples of some lists in one typed array, for selection to reorder (the lists stay as they are). */
function gathered(lists: ReadonlyArray<readonly number[]>): Float64Array {
  const out = new Float64Array(lists.reduce((n, l) => n + l.length, 0));
  let at = 0;
  for (const list of lists) {
    out.set(list, at);
    at += list.length;
  }
  return out;
}

/**
 * Per-operator figures over [from, to), computed from the stored history and assignment records (answers and
 * closings through the per-day roll-up; `figures` may swap in `rawPeriodFigures`; assignments through the same
 * roll-up). A null key in each map is the team.
 */
export function teamReport(
  db: Store,
  from: number,
  to: number,
  onlyOperatorId?: number,
  figures: (db: Store, from: number, to: number) => PeriodFigures = periodFigures,
): Report {
  const { assigned, reassignedIn, reassignedOut } = assignmentFigures(db, from, to);
  const { sent, responses, closings } = figures(db, from, to);
  const samplesOf = (m: Map<number | null, number[]>, operatorId: number | null) =>
    operatorId === null ? gathered([...m.values()]) : gathered([m.get(operatorId) ?? []]);

  const line = (operatorId: number | null, name: string): ReportLine => {
    const fr = samplesOf(responses, operatorId);
    const took = samplesOf(closings, operatorId);
    return {
      operatorId,
      name,
      assigned: assigned.get(operatorId) ?? 0,
      closed: took.length,
      messagesSent: sent.get(operatorId) ?? 0,
      firstResponseMedianMs: medianOf(fr),
      firstResponseP90Ms: percentileOf(fr, 90),
      resolutionMedianMs: medianOf(took),
      reassignedIn: reassignedIn.get(operatorId) ?? 0,
      reassignedOut: reassignedOut.get(operatorId) ?? 0,
    };
  };
  const people = db.select({ id: operators.id, name: operators.name }).from(operators).orderBy(asc(operators.name)).all();
  const lines = people
    .filter((p) => onlyOperatorId === undefined || p.id === onlyOperatorId)
    .map((p) => line(p.id, p.name))
    .filter((l) => onlyOperatorId !== undefined || l.assigned + l.closed + l.messagesSent + l.reassignedIn + l.reassignedOut > 0);
  // A chat assigned to two people counts once for the team.
  return { from, to, lines, totals: line(null, "Team") };
}
