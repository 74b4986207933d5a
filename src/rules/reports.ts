import { and, asc, eq, gte, lt, sql } from "drizzle-orm";
import { assignments, closures, messages, operators } from "../db/schema.js";
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
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Nearest-rank percentile: the smallest value with at least p% of the values at or below it. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)]!;
}

function grouped<T extends { op: number | null }>(rows: T[]): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const r of rows) if (r.op !== null) map.set(r.op, [...(map.get(r.op) ?? []), r]);
  return map;
}

/** Per-operator figures over [from, to), computed from the stored history and assignment records. */
export function teamReport(db: Store, from: number, to: number, onlyOperatorId?: number): Report {
  const inPeriod = (col: Parameters<typeof gte>[0]) => and(gte(col, from), lt(col, to));
  const assigned = db
    .select({ op: assignments.toOperatorId, chat: assignments.chatId, fromOp: assignments.fromOperatorId })
    .from(assignments)
    .where(inPeriod(assignments.at))
    .all();
  const outs = db.select({ op: assignments.fromOperatorId, to: assignments.toOperatorId }).from(assignments).where(inPeriod(assignments.at)).all();
  const closed = db
    .select({ op: sql<number | null>`coalesce(${closures.responsibleId}, ${closures.byOperatorId})`, took: sql<number>`${closures.closedAt} - ${closures.openedAt}` })
    .from(closures)
    .where(inPeriod(closures.closedAt))
    .all();
  const sent = db
    .select({ op: messages.authorOperatorId, firstResponseMs: messages.firstResponseMs })
    .from(messages)
    .where(and(eq(messages.direction, "out"), inPeriod(messages.createdAt)))
    .all();

  const byAssigned = grouped(assigned);
  const byOut = grouped(outs);
  const byClosed = grouped(closed);
  const bySent = grouped(sent);
  const people = db.select({ id: operators.id, name: operators.name }).from(operators).orderBy(asc(operators.name)).all();

  const line = (operatorId: number | null, name: string, a: typeof assigned, o: typeof outs, c: typeof closed, m: typeof sent): ReportLine => {
    const responses = m.map((x) => x.firstResponseMs).filter((x): x is number => x !== null);
    return {
      operatorId,
      name,
      assigned: new Set(a.map((x) => x.chat)).size,
      closed: c.length,
      messagesSent: m.length,
      firstResponseMedianMs: median(responses),
      firstResponseP90Ms: percentile(responses, 90),
      resolutionMedianMs: median(c.map((x) => x.took)),
      reassignedIn: a.filter((x) => x.fromOp !== null && x.fromOp !== x.op).length,
      reassignedOut: o.filter((x) => x.to !== null && x.to !== x.op).length,
    };
  };
  const lines = people
    .filter((p) => onlyOperatorId === undefined || p.id === onlyOperatorId)
    .map((p) => line(p.id, p.name, byAssigned.get(p.id) ?? [], byOut.get(p.id) ?? [], byClosed.get(p.id) ?? [], bySent.get(p.id) ?? []))
    .filter((l) => onlyOperatorId !== undefined || l.assigned + l.closed + l.messagesSent + l.reassignedIn + l.reassignedOut > 0);
  // A chat assigned to two people counts once for the team.
  const totals = line(
    null,
    "Team",
    assigned.filter((a) => a.op !== null),
    outs.filter((o) => o.op !== null),
    closed.filter((c) => c.op !== null),
    sent.filter((m) => m.op !== null),
  );
  return { from, to, lines, totals };
}

const seconds = (ms: number | null) => (ms === null ? "" : String(Math.round(ms / 1000)));

export function reportCsv(report: Report): string {
  const header = "operator_id,operator,chats_assigned,chats_closed,messages_sent,first_response_median_s,first_response_p90_s,resolution_median_s,reassigned_in,reassigned_out";
  const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
  const row = (l: ReportLine) =>
    [l.operatorId ?? "", quote(l.name), l.assigned, l.closed, l.messagesSent, seconds(l.firstResponseMedianMs), seconds(l.firstResponseP90Ms), seconds(l.resolutionMedianMs), l.reassignedIn, l.reassignedOut].join(",");
  return [header, ...report.lines.map(row), row(report.totals)].join("\n") + "\n";
}
