import { asc, sql } from "drizzle-orm";
import { operators } from "../db/schema.js";
import type { Store } from "../db/store.js";

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

function medianOfSorted(s: readonly number[]): number | null {
  if (s.length === 0) return null;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function percentileOfSorted(s: readonly number[], p: number): number | null {
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

/**
 * Per-operator figures over [from, to), computed from the stored history and assignment records. Counting
 * happens in SQL; only the durations that medians need come back as rows. A null key in each map is the team.
 */
export function teamReport(db: Store, from: number, to: number, onlyOperatorId?: number): Report {
  const q = <T>(query: ReturnType<typeof sql>) => db.all<T>(query);
  const assigned = counts(
    q(sql`SELECT to_operator_id AS op, count(DISTINCT chat_id) AS n FROM assignments WHERE at >= ${from} AND at < ${to} AND to_operator_id IS NOT NULL GROUP BY to_operator_id
          UNION ALL SELECT NULL, count(DISTINCT chat_id) FROM assignments WHERE at >= ${from} AND at < ${to} AND to_operator_id IS NOT NULL`),
  );
  const moved = sql`at >= ${from} AND at < ${to} AND from_operator_id IS NOT NULL AND to_operator_id IS NOT NULL AND from_operator_id != to_operator_id`;
  const reassignedIn = counts(
    q(
      sql`SELECT to_operator_id AS op, count(*) AS n FROM assignments WHERE ${moved} GROUP BY to_operator_id UNION ALL SELECT NULL, count(*) FROM assignments WHERE ${moved}`,
    ),
  );
  const reassignedOut = counts(
    q(
      sql`SELECT from_operator_id AS op, count(*) AS n FROM assignments WHERE ${moved} GROUP BY from_operator_id UNION ALL SELECT NULL, count(*) FROM assignments WHERE ${moved}`,
    ),
  );
  const sentWhere = sql`author_operator_id IS NOT NULL AND created_at >= ${from} AND created_at < ${to}`;
  const sent = counts(
    q(
      sql`SELECT author_operator_id AS op, count(*) AS n FROM messages WHERE ${sentWhere} GROUP BY author_operator_id UNION ALL SELECT NULL, count(*) FROM messages WHERE ${sentWhere}`,
    ),
  );
  const responses = samples(
    q(sql`SELECT author_operator_id AS op, first_response_ms AS v FROM messages WHERE ${sentWhere} AND first_response_ms IS NOT NULL`),
  );
  const closings = samples(
    q(
      sql`SELECT coalesce(responsible_id, by_operator_id) AS op, closed_at - opened_at AS v FROM closures WHERE closed_at >= ${from} AND closed_at < ${to}`,
    ),
  );
  // Each list is sorted once, here; the medians and percentiles below only index into it.
  const all = (m: Map<number | null, number[]>) => [...m.values()].flat().sort(byValue);
  for (const list of [...responses.values(), ...closings.values()]) list.sort(byValue);

  const line = (operatorId: number | null, name: string): ReportLine => {
    const fr = operatorId === null ? all(responses) : (responses.get(operatorId) ?? []);
    const took = operatorId === null ? all(closings) : (closings.get(operatorId) ?? []);
    return {
      operatorId,
      name,
      assigned: assigned.get(operatorId) ?? 0,
      closed: took.length,
      messagesSent: sent.get(operatorId) ?? 0,
      firstResponseMedianMs: medianOfSorted(fr),
      firstResponseP90Ms: percentileOfSorted(fr, 90),
      resolutionMedianMs: medianOfSorted(took),
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
