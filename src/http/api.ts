import { Hono } from "hono";
import { z } from "zod";
import type { Clock, Store } from "../db/store.js";
import { assignmentHistory } from "../rules/assignment-history.js";
import { type Chat, getChat } from "../rules/chats.js";
import { decodeCursor, encodeCursor, listChats } from "../rules/chat-list.js";
import { assignToGroup, type Random } from "../rules/groups.js";
import { listOperators, getOperator } from "../rules/people.js";
import { isAvailable } from "../rules/availability.js";
import { teamReport } from "../rules/reports.js";
import { assign, type Expectation, type Outcome } from "../rules/responsibles.js";

export interface ApiDeps {
  db: Store;
  clock: Clock;
  kickDelivery: () => void;
  random?: Random | undefined;
}

const id = z.coerce.number().int().positive();

export const ChatListQuery = z
  .object({
    responsible: z.union([z.literal("none"), id]).optional(),
    group: id.optional(),
    status: z.enum(["open", "closed", "all"]).default("all"),
    cursor: z.string().max(100).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

export const ResponsibleBody = z
  .object({
    operatorId: z.number().int().positive().nullable().optional(),
    groupId: z.number().int().positive().optional(),
    /** Change only while this is still the responsible (null: only while nobody is); otherwise 409. */
    expectedResponsibleId: z.number().int().positive().nullable().optional(),
  })
  .strict()
  .refine((b) => (b.operatorId !== undefined) !== (b.groupId !== undefined), {
    message: 'give exactly one of "operatorId" (a number, or null to unassign) and "groupId"',
    path: ["operatorId"],
  });

/** JavaScript dates end 8.64e15 ms either side of 1970; beyond that no date can be written back. */
const LAST_DATE_MS = 8.64e15;
const DAY_MS = 24 * 60 * 60 * 1000;
/** A report reads every message of its period in one synchronous query, which holds the bot meanwhile. */
export const MAX_REPORT_DAYS = 366;
const onCalendar = (ms: number) => Number.isFinite(ms) && Math.abs(ms) <= LAST_DATE_MS;
const OFF_CALENDAR = "outside the dates this API can express (years -271821 to 275760)";

const instant = z
  .union([z.coerce.number().int(), z.iso.datetime({ offset: true }), z.iso.date()])
  .transform((v) => (typeof v === "number" ? v : Date.parse(v)))
  .refine(onCalendar, OFF_CALENDAR);

export const ReportQuery = z.object({ from: instant.optional(), to: instant.optional() }).strict();

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function badRequest(error: z.ZodError) {
  const issue = error.issues[0]!;
  return { error: "invalid request", field: issue.path.join(".") || null, message: issue.message };
}

/**
 * The versions an If-Match header accepts: undefined for "*" (any current chat), else the strong tags listed.
 * Weak tags never match, as If-Match compares strongly. Null when the header is not a list of entity tags.
 */
export function parseIfMatch(header: string): number[] | undefined | null {
  if (header.trim() === "*") return undefined;
  const versions: number[] = [];
  for (const item of header.split(",")) {
    const tag = /^(W\/)?"(\d{1,15})"$/.exec(item.trim());
    if (!tag) return null;
    if (!tag[1]) versions.push(Number(tag[2]));
  }
  return versions;
}

/** A chat's ETag is its version, which moves whenever its responsible, status, queue or settings change. */
export const etagOf = (chat: Chat) => `"${chat.version}"`;

export function presentChat(db: Store, chat: Chat) {
  const responsible = chat.responsibleId === null ? undefined : getOperator(db, chat.responsibleId);
  return {
    id: chat.id,
    telegramChatId: chat.telegramChatId,
    kind: chat.kind,
    title: chat.title,
    username: chat.username,
    status: chat.status,
    responsibleEnabled: chat.responsibleEnabled,
    responsible: responsible ? { id: responsible.id, name: responsible.name } : null,
    queuedGroupId: chat.queuedGroupId,
    clientBlocked: chat.clientBlocked,
    awaitingReplySince: iso(chat.awaitingReplySince),
    lastActivityAt: iso(chat.lastActivityAt),
    createdAt: iso(chat.createdAt),
    version: chat.version,
  };
}

/** The integration API: the same rules as the menus, JSON in and out. Authentication is mounted by the caller. */
export function apiRoutes(deps: ApiDeps): Hono {
  const api = new Hono();
  const { db, clock } = deps;

  api.get("/chats", (c) => {
    const q = ChatListQuery.safeParse(c.req.query());
    if (!q.success) return c.json(badRequest(q.error), 400);
    const after = q.data.cursor ? decodeCursor(q.data.cursor) : undefined;
    if (q.data.cursor && !after) return c.json({ error: "invalid request", field: "cursor", message: "not a cursor from this API" }, 400);
    const page = listChats(db, { responsible: q.data.responsible, groupId: q.data.group, status: q.data.status }, q.data.limit, after);
    return c.json({ chats: page.items.map((chat) => presentChat(db, chat)), nextCursor: page.next ? encodeCursor(page.next) : null });
  });

  api.get("/chats/:id", (c) => {
    const chatId = id.safeParse(c.req.param("id"));
    const chat = chatId.success ? getChat(db, chatId.data) : undefined;
    if (!chat) return c.json({ error: "chat not found" }, 404);
    c.header("ETag", etagOf(chat));
    const history = assignmentHistory(db, chat.id);
    return c.json({
      ...presentChat(db, chat),
      assignments: history.map((a) => ({
        at: iso(a.at),
        fromOperatorId: a.fromOperatorId,
        toOperatorId: a.toOperatorId,
        byOperatorId: a.byOperatorId,
        how: a.how,
        groupId: a.groupId,
      })),
    });
  });

  api.put("/chats/:id/responsible", async (c) => {
    const chatId = id.safeParse(c.req.param("id"));
    if (!chatId.success || !getChat(db, chatId.data)) return c.json({ error: "chat not found" }, 404);
    const raw = await c.req.json().catch(() => undefined);
    if (raw === undefined) return c.json({ error: "invalid request", field: null, message: "the body must be JSON" }, 400);
    const body = ResponsibleBody.safeParse(raw);
    if (!body.success) return c.json(badRequest(body.error), 400);
    const ifMatch = c.req.header("if-match");
    const versions = ifMatch === undefined ? undefined : parseIfMatch(ifMatch);
    if (versions === null) return c.json({ error: "invalid request", field: "If-Match", message: 'a list of entity tags such as "12", or *' }, 400);
    const expected: Expectation = { versions, responsibleId: body.data.expectedResponsibleId };
    const outcome: Outcome =
      body.data.groupId !== undefined
        ? assignToGroup(db, chatId.data, body.data.groupId, { api: true }, clock, deps.random, expected)
        : assign(db, chatId.data, body.data.operatorId ?? null, { api: true }, clock, expected);
    deps.kickDelivery();
    const current = () => {
      const chat = getChat(db, chatId.data)!;
      c.header("ETag", etagOf(chat));
      return presentChat(db, chat);
    };
    if (outcome.ok || outcome.reason === "unchanged") return c.json(current());
    // RFC 9110 answers a failed If-Match with 412; a condition in the body is a conflict with the chat's state.
    if (outcome.reason === "stale") {
      return c.json({ error: "the chat changed since you read it (If-Match)", reason: "precondition_failed", current: current() }, 412);
    }
    if (outcome.reason === "taken" && body.data.expectedResponsibleId !== undefined) {
      return c.json({ error: "the chat's responsible is no longer expectedResponsibleId", reason: "precondition_failed", current: current() }, 409);
    }
    switch (outcome.reason) {
      case "target_inactive":
        return c.json({ error: "operator not found" }, 404);
      case "not_found":
        return c.json({ error: body.data.groupId !== undefined ? "group not found" : "chat not found" }, 404);
      case "group_chat":
        return c.json({ error: "a group chat cannot have a responsible: responsibles are for personal chats only", reason: outcome.reason }, 409);
      case "responsible_off":
        return c.json({ error: "the responsible feature is switched off for this chat", reason: outcome.reason }, 409);
      default:
        return c.json({ error: "the chat changed meanwhile; read it and try again", reason: outcome.reason }, 409);
    }
  });

  api.get("/operators", (c) => {
    const now = clock();
    return c.json({
      operators: listOperators(db).map((o) => ({
        id: o.id,
        name: o.name,
        username: o.username,
        role: o.role,
        active: o.active,
        available: isAvailable(o, now),
        notifyChannel: o.notifyChannel,
        notifyFilter: o.notifyFilter,
      })),
    });
  });

  api.get("/reports", (c) => {
    const q = ReportQuery.safeParse(c.req.query());
    if (!q.success) return c.json(badRequest(q.error), 400);
    const to = q.data.to ?? clock();
    const from = q.data.from ?? to - 30 * DAY_MS;
    const period = (message: string) => c.json({ error: "invalid request", field: "from", message }, 400);
    if (!onCalendar(from)) return period(`the default start, 30 days before to, is ${OFF_CALENDAR}`);
    if (!(from < to)) return period("from must be before to");
    if (to - from > MAX_REPORT_DAYS * DAY_MS) return period(`a report covers at most ${MAX_REPORT_DAYS} days`);
    const report = teamReport(db, from, to);
    return c.json({ from: iso(from), to: iso(to), lines: report.lines, totals: report.totals });
  });

  return api;
}
