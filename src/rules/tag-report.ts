import { asc, sql } from "drizzle-orm";
import { operators } from "../db/schema.js";
import type { Store } from "../db/store.js";
import { median } from "./reports.js";
import { type Tag, tagByName } from "./tags.js";

/** One operator's work on the tagged chats over the period. */
export interface TagReportLine {
  /** Null for the team's totals. */
  operatorId: number | null;
  name: string;
  /** Closings of tagged chats the operator was responsible for (or closed while nobody was). */
  closed: number;
  messagesSent: number;
  firstResponseMedianMs: number | null;
}

export interface TagReport {
  tag: Tag;
  from: number;
  to: number;
  /** Tagged chats with any message in the period. */
  activeChats: number;
  /** Tagged chats that began in the period. */
  newChats: number;
  clientMessages: number;
  lines: TagReportLine[];
  totals: TagReportLine;
}

/**
 * The report cut by a tag: the same kinds of figures as the team report, over [from, to), counting only the
 * chats that carry the tag now (a tag says what a conversation is about, not when it became so). Kept apart
 * from `teamReport`, which works from per-day roll-ups that know nothing of tags. Undefined for an unknown tag.
 */
export function tagReport(db: Store, tagName: string, from: number, to: number, onlyOperatorId?: number): TagReport | undefined {
  const tag = tagByName(db, tagName);
  if (!tag) return undefined;
  const tagged = sql`chat_id IN (SELECT chat_id FROM chat_tags WHERE tag_id = ${tag.id})`;
  const inPeriod = sql`created_at >= ${from} AND created_at < ${to}`;
  const one = (query: ReturnType<typeof sql>) => db.get<{ n: number }>(query)?.n ?? 0;
  const sent = db.all<{ op: number; v: number | null }>(
    sql`SELECT author_operator_id AS op, first_response_ms AS v FROM messages WHERE author_operator_id IS NOT NULL AND ${inPeriod} AND ${tagged}`,
  );
  const closings = db.all<{ op: number | null }>(
    sql`SELECT coalesce(responsible_id, by_operator_id) AS op FROM closures WHERE closed_at >= ${from} AND closed_at < ${to} AND ${tagged}`,
  );
  const line = (operatorId: number | null, name: string): TagReportLine => {
    const mine = sent.filter((r) => operatorId === null || r.op === operatorId);
    return {
      operatorId,
      name,
      closed: closings.filter((r) => operatorId === null || r.op === operatorId).length,
      messagesSent: mine.length,
      firstResponseMedianMs: median(mine.flatMap((r) => (r.v === null ? [] : [r.v]))),
    };
  };
  const people = db.select({ id: operators.id, name: operators.name }).from(operators).orderBy(asc(operators.name)).all();
  const lines = people
    .filter((p) => onlyOperatorId === undefined || p.id === onlyOperatorId)
    .map((p) => line(p.id, p.name))
    .filter((l) => onlyOperatorId !== undefined || l.closed + l.messagesSent > 0);
  return {
    tag,
    from,
    to,
    activeChats: one(sql`SELECT count(DISTINCT chat_id) AS n FROM messages WHERE ${inPeriod} AND ${tagged}`),
    newChats: one(
      sql`SELECT count(*) AS n FROM chats WHERE ${inPeriod} AND id IN (SELECT chat_id FROM chat_tags WHERE tag_id = ${tag.id})`,
    ),
    clientMessages: one(sql`SELECT count(*) AS n FROM messages WHERE direction = 'in' AND ${inPeriod} AND ${tagged}`),
    lines,
    totals: line(null, ""),
  };
}
