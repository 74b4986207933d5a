import { eq, sql } from "drizzle-orm";
import { offHoursAnswers, settings } from "../db/schema.js";
import { statement } from "../db/prepared.js";
import type { Clock, Store } from "../db/store.js";
import { type BusinessHours, businessMsBetween, isOpen, nextOpening, type Opening } from "./business-time.js";
import type { Chat } from "./chats.js";
import { enqueue } from "./outbox.js";
import { activeAdmin, NOT_ADMIN, type NotAdmin } from "./people.js";
import { median, percentile } from "./reports.js";

const HOURS_KEY = "businessHours";
const messageKey = (locale: string) => `offHoursMessage.${locale}`;

/** The last value read and what it parsed to: every client message asks, and the value rarely changes. */
let parsed: { raw: string; hours: BusinessHours | undefined } | undefined;

/** The team's business hours, or undefined when none are set (the team is always open). */
export function getBusinessHours(db: Store): BusinessHours | undefined {
  // A compiled statement: this runs in every client message's transaction.
  const row = statement(db, "SELECT value FROM settings WHERE key = ?").get(HOURS_KEY) as { value: string } | undefined;
  if (!row) return undefined;
  if (parsed?.raw !== row.value) parsed = { raw: row.value, hours: parse(row.value) };
  return parsed.hours;
}

function parse(raw: string): BusinessHours | undefined {
  try {
    const h = JSON.parse(raw) as BusinessHours;
    return Array.isArray(h.openings) && h.openings.length > 0 ? h : undefined;
  } catch {
    return undefined;
  }
}

/** The team's own off-hours answer in one language, if an admin wrote one. */
export function offHoursText(db: Store, locale: string): string | undefined {
  return db
    .select()
    .from(settings)
    .where(eq(settings.key, messageKey(locale)))
    .get()?.value;
}

export type HoursChange = { ok: true; hours: BusinessHours | undefined } | NotAdmin | { ok: false; reason: "no_hours" };

/** Only an active admin changes the hours; each change reads and writes in one transaction. */
function changeHours(
  db: Store,
  actorId: number,
  change: (now: BusinessHours | undefined) => BusinessHours | undefined | "no_hours",
): HoursChange {
  return db.transaction((tx): HoursChange => {
    if (!activeAdmin(tx, actorId)) return NOT_ADMIN;
    const next = change(getBusinessHours(tx));
    if (next === "no_hours") return { ok: false, reason: "no_hours" };
    if (next === undefined) tx.delete(settings).where(eq(settings.key, HOURS_KEY)).run();
    else {
      const value = JSON.stringify(next);
      tx.insert(settings).values({ key: HOURS_KEY, value }).onConflictDoUpdate({ target: settings.key, set: { value } }).run();
    }
    return { ok: true, hours: next };
  });
}

/** Sets the weekly openings and the zone; days off already set stay. */
export function setOpenings(db: Store, actorId: number, zone: string, openings: Opening[]): HoursChange {
  return changeHours(db, actorId, (now) => ({ zone, openings, daysOff: now?.daysOff ?? [] }));
}

/** No business hours: the team is always open (no auto-answer, the watchdog and reports count all time). */
export function clearHours(db: Store, actorId: number): HoursChange {
  return changeHours(db, actorId, () => undefined);
}

/** Adds (or, with `off` false, removes) a day off; needs hours set first, since a day off means nothing without them. */
export function setDayOff(db: Store, actorId: number, date: string, off: boolean): HoursChange {
  return changeHours(db, actorId, (now) => {
    if (!now) return "no_hours";
    const days = new Set(now.daysOff);
    if (off) days.add(date);
    else days.delete(date);
    return { ...now, daysOff: [...days].sort() };
  });
}

/** The team's off-hours answer in one language; null restores the built-in one. */
export function setOffHoursText(db: Store, actorId: number, locale: string, text: string | null): { ok: true } | NotAdmin {
  return db.transaction((tx) => {
    if (!activeAdmin(tx, actorId)) return NOT_ADMIN;
    if (text === null)
      tx.delete(settings)
        .where(eq(settings.key, messageKey(locale)))
        .run();
    else
      tx.insert(settings)
        .values({ key: messageKey(locale), value: text })
        .onConflictDoUpdate({ target: settings.key, set: { value: text } })
        .run();
    return { ok: true } as const;
  });
}

/**
 * A client's message arrived (in its storing transaction). Outside business hours the client gets the team's
 * automatic answer, once per off-hours period: the row recording it is keyed by the period, so a restart or a
 * replayed update does not send it twice. Group chats get none: an answer to everyone in a group is noise.
 */
export function answerOffHours(tx: Store, chat: Chat, clock: Clock): void {
  if (chat.kind !== "private" || chat.clientBlocked) return;
  const hours = getBusinessHours(tx);
  const now = clock();
  if (!hours || isOpen(hours, now)) return;
  const periodEndsAt = nextOpening(hours, now) ?? 0;
  const added = tx.insert(offHoursAnswers).values({ chatId: chat.id, periodEndsAt, sentAt: now }).onConflictDoNothing().run();
  if (added.changes !== 1) return;
  enqueue(
    tx,
    {
      destinationChatId: chat.telegramChatId,
      destination: "client",
      payload: { type: "client_prompt", prompt: { kind: "off_hours" } },
      chatId: chat.id,
    },
    clock,
  );
}

/** How long a client has waited since `since`, counting business hours only when the team has set them. */
export function waitedMs(db: Store, since: number, now: number, hours = getBusinessHours(db)): number {
  return hours ? businessMsBetween(hours, since, now) : now - since;
}

/** The business-time wait to store beside the raw first response; null when no hours are set. */
export function businessWait(db: Store, since: number | null, now: number): number | null {
  const hours = getBusinessHours(db);
  return since === null || !hours ? null : businessMsBetween(hours, since, now);
}

export interface BusinessResponseLine {
  operatorId: number | null;
  name: string;
  medianMs: number | null;
  p90Ms: number | null;
}

/**
 * First response times counting business hours only, per operator, over answers in [from, to): shown beside
 * the report when hours are set. Answers recorded before hours were set have no business time and are left out.
 */
export function businessFirstResponses(
  db: Store,
  from: number,
  to: number,
  onlyOperatorId?: number,
): { lines: BusinessResponseLine[]; totals: BusinessResponseLine } | undefined {
  if (!getBusinessHours(db)) return undefined;
  const rows = db.all<{ op: number; name: string; v: number }>(
    sql`SELECT m.author_operator_id AS op, o.name AS name, m.first_response_business_ms AS v FROM messages m JOIN operators o ON o.id = m.author_operator_id
        WHERE m.author_operator_id IS NOT NULL AND m.created_at >= ${from} AND m.created_at < ${to} AND m.first_response_business_ms IS NOT NULL`,
  );
  const byOp = new Map<number, { name: string; values: number[] }>();
  for (const r of rows) {
    const entry = byOp.get(r.op) ?? { name: r.name, values: [] };
    entry.values.push(r.v);
    byOp.set(r.op, entry);
  }
  const lines = [...byOp.entries()]
    .filter(([op]) => onlyOperatorId === undefined || op === onlyOperatorId)
    .sort((a, b) => a[1].name.localeCompare(b[1].name))
    .map(([op, e]) => ({ operatorId: op, name: e.name, medianMs: median(e.values), p90Ms: percentile(e.values, 90) }));
  const all = rows.map((r) => r.v);
  return { lines, totals: { operatorId: null, name: "Team", medianMs: median(all), p90Ms: percentile(all, 90) } };
}
