import { businessChatAt, getAccount } from "../rules/business-chats.js";
import { OpenAPIHono, type z } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { Clock, Store } from "../db/store.js";
import { assignmentHistory } from "../rules/assignment-history.js";
import { isAvailable } from "../rules/availability.js";
import { decodeCursor, encodeCursor, listChats } from "../rules/chat-list.js";
import { type Chat, getChat } from "../rules/chats.js";
import { assignToGroup, type Random } from "../rules/groups.js";
import { getOperator, listOperators } from "../rules/people.js";
import { businessFirstResponses } from "../rules/business-hours.js";
import { chatRatings, ratingSummary } from "../rules/ratings.js";
import { teamReport } from "../rules/reports.js";
import { tagsOf } from "../rules/tags.js";
import { findChats } from "../rules/search.js";
import { assign, type Expectation, type Outcome } from "../rules/responsibles.js";
import { addNote, listNotes, NOTE_LIMIT, type Note } from "../rules/notes.js";
import {
  addNoteRoute,
  getChatRoute,
  listChatsRoute,
  listNotesRoute,
  listOperatorsRoute,
  MAX_REPORT_DAYS,
  putResponsibleRoute,
  reportRoute,
  searchRoute,
} from "./routes.js";
import { id, OFF_CALENDAR, onCalendar, type Chat as ChatBody } from "./schemas.js";

export interface ApiDeps {
  db: Store;
  clock: Clock;
  kickDelivery: () => void;
  random?: Random | undefined;
}

const DAY_MS = 24 * 60 * 60 * 1000;

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

function badRequest(error: z.ZodError) {
  const issue = error.issues[0]!;
  return { error: "invalid request" as const, field: issue.path.join(".") || null, message: issue.message };
}

const invalid = (c: Context, field: string | null, message: string) => c.json({ error: "invalid request" as const, field, message }, 400);

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

export function presentChat(db: Store, chat: Chat): z.infer<typeof ChatBody> {
  const responsible = chat.responsibleId === null ? undefined : getOperator(db, chat.responsibleId);
  const account = chat.businessAccountId === null ? undefined : getAccount(db, chat.businessAccountId);
  return {
    id: chat.id,
    // A business chat's own column holds the console's address for it (see business_chats); the API gives Telegram's id.
    telegramChatId: account ? (businessChatAt(db, chat.telegramChatId)?.clientChatId ?? chat.telegramChatId) : chat.telegramChatId,
    inbox: account ? { businessAccountId: account.accountId, name: account.name } : "bot",
    kind: chat.kind,
    title: chat.title,
    username: chat.username,
    status: chat.status,
    responsibleEnabled: chat.responsibleEnabled,
    responsible: responsible ? { id: responsible.id, name: responsible.name } : null,
    queuedGroupId: chat.queuedGroupId,
    clientBlocked: chat.clientBlocked,
    tags: tagsOf(db, chat.id).map((tag) => tag.name),
    awaitingReplySince: isoOrNull(chat.awaitingReplySince),
    lastActivityAt: iso(chat.lastActivityAt),
    createdAt: iso(chat.createdAt),
    version: chat.version,
  };
}

function presentNote(note: Note) {
  return {
    id: note.id,
    chatId: note.chatId,
    author: note.authorOperatorId === null ? null : { id: note.authorOperatorId, name: note.authorName ?? "" },
    text: note.text,
    createdAt: iso(note.createdAt),
  };
}

/** An unknown chat is 404 before anything else about the request is judged, as it always was. */
function requireChat(db: Store): MiddlewareHandler {
  return async (c, next) => {
    const chatId = id.safeParse(c.req.param("id"));
    if (!chatId.success || !getChat(db, chatId.data)) return c.json({ error: "chat not found" }, 404);
    await next();
  };
}

/**
 * The integration API: the same rules as the menus, JSON in and out. Requests are validated by the schemas the
 * OpenAPI document is generated from (see routes.ts). Authentication is mounted by the caller.
 */
export function apiRoutes(deps: ApiDeps): OpenAPIHono {
  const { db, clock } = deps;
  const api = new OpenAPIHono({
    defaultHook: (result, c) => {
      if (!result.success) return c.json(badRequest(result.error), 400);
    },
  });
  // The body validator throws on a body that is not JSON at all; answer it like any other bad request.
  api.onError((err, c) => {
    if (err instanceof HTTPException && err.status === 400) return invalid(c, null, "the body must be JSON");
    throw err;
  });

  api.openapi(listChatsRoute, (c) => {
    const q = c.req.valid("query");
    const after = q.cursor ? decodeCursor(q.cursor) : undefined;
    if (q.cursor && !after) return invalid(c, "cursor", "not a cursor from this API");
    const page = listChats(
      db,
      { responsible: q.responsible, groupId: q.group, status: q.status, tag: q.tag, inbox: q.inbox },
      q.limit,
      after,
    );
    return c.json({ chats: page.items.map((chat) => presentChat(db, chat)), nextCursor: page.next ? encodeCursor(page.next) : null }, 200);
  });

  api.openapi({ ...getChatRoute, middleware: [requireChat(db)] }, (c) => {
    const chat = getChat(db, c.req.valid("param").id);
    if (!chat) return c.json({ error: "chat not found" }, 404);
    c.header("ETag", etagOf(chat));
    const assignments = assignmentHistory(db, chat.id).map((a) => ({
      at: iso(a.at),
      fromOperatorId: a.fromOperatorId,
      toOperatorId: a.toOperatorId,
      byOperatorId: a.byOperatorId,
      how: a.how,
      groupId: a.groupId,
    }));
    const ratings = chatRatings(db, chat.id).map((r) => ({
      closureId: r.closureId,
      operatorId: r.operatorId,
      score: r.score!,
      ratedAt: iso(r.ratedAt!),
      comment: r.comment,
    }));
    return c.json({ ...presentChat(db, chat), assignments, ratings }, 200);
  });

  api.openapi({ ...putResponsibleRoute, middleware: [requireChat(db)] }, (c) => {
    const chatId = c.req.valid("param").id;
    const body = c.req.valid("json");
    const ifMatch = c.req.valid("header")["If-Match"];
    const versions = ifMatch === undefined ? undefined : parseIfMatch(ifMatch);
    if (versions === null) return invalid(c, "If-Match", 'a list of entity tags such as "12", or *');
    const expected: Expectation = { versions, responsibleId: body.expectedResponsibleId };
    const outcome: Outcome =
      body.groupId !== undefined
        ? assignToGroup(db, chatId, body.groupId, { api: true }, clock, deps.random, expected)
        : assign(db, chatId, body.operatorId ?? null, { api: true }, clock, expected);
    deps.kickDelivery();
    const current = () => {
      const chat = getChat(db, chatId)!;
      c.header("ETag", etagOf(chat));
      return presentChat(db, chat);
    };
    if (outcome.ok || outcome.reason === "unchanged") return c.json(current(), 200);
    // RFC 9110 answers a failed If-Match with 412; a condition in the body is a conflict with the chat's state.
    if (outcome.reason === "stale") {
      return c.json(
        { error: "the chat changed since you read it (If-Match)", reason: "precondition_failed" as const, current: current() },
        412,
      );
    }
    if (outcome.reason === "taken" && body.expectedResponsibleId !== undefined) {
      return c.json(
        { error: "the chat's responsible is no longer expectedResponsibleId", reason: "precondition_failed" as const, current: current() },
        409,
      );
    }
    switch (outcome.reason) {
      case "target_inactive":
        return c.json({ error: "operator not found" }, 404);
      case "not_found":
        return c.json({ error: body.groupId !== undefined ? "group not found" : "chat not found" }, 404);
      case "group_chat":
        return c.json(
          { error: "a group chat cannot have a responsible: responsibles are for personal chats only", reason: outcome.reason },
          409,
        );
      case "responsible_off":
        return c.json({ error: "the responsible feature is switched off for this chat", reason: outcome.reason }, 409);
      default:
        return c.json({ error: "the chat changed meanwhile; read it and try again", reason: outcome.reason }, 409);
    }
  });

  api.openapi({ ...listNotesRoute, middleware: [requireChat(db)] }, (c) => {
    return c.json({ notes: listNotes(db, c.req.valid("param").id).map(presentNote) }, 200);
  });

  // The API writes as an integration, as its assignments do: the note has no operator for its author.
  api.openapi({ ...addNoteRoute, middleware: [requireChat(db)] }, (c) => {
    const outcome = addNote(db, { chatId: c.req.valid("param").id, author: { api: true }, text: c.req.valid("json").text }, clock);
    deps.kickDelivery();
    if (!outcome.ok) {
      return outcome.reason === "not_found"
        ? c.json({ error: "chat not found" }, 404)
        : invalid(c, "text", `1 to ${NOTE_LIMIT} characters`);
    }
    return c.json(presentNote(outcome.note), 201);
  });

  api.openapi(listOperatorsRoute, (c) => {
    const now = clock();
    const operators = listOperators(db).map((o) => ({
      id: o.id,
      name: o.name,
      username: o.username,
      role: o.role,
      active: o.active,
      available: isAvailable(o, now),
      notifyChannel: o.notifyChannel,
      notifyFilter: o.notifyFilter,
    }));
    return c.json({ operators }, 200);
  });

  api.openapi(reportRoute, (c) => {
    const q = c.req.valid("query");
    const to = q.to ?? clock();
    const from = q.from ?? to - 30 * DAY_MS;
    const period = (message: string) => invalid(c, "from", message);
    if (!onCalendar(from)) return period(`the default start, 30 days before to, is ${OFF_CALENDAR}`);
    if (!(from < to)) return period("from must be before to");
    if (to - from > MAX_REPORT_DAYS * DAY_MS) return period(`a report covers at most ${MAX_REPORT_DAYS} days`);
    const report = teamReport(db, from, to);
    const ratings = ratingSummary(db, from, to);
    const businessFirstResponse = businessFirstResponses(db, from, to) ?? null;
    return c.json({ from: iso(from), to: iso(to), lines: report.lines, totals: report.totals, ratings, businessFirstResponse }, 200);
  });

  api.openapi(searchRoute, (c) => {
    const q = c.req.valid("query");
    // The cursor is the offset of the next page: results are ranked by time across two indexes, so there is no single key.
    const offset = q.cursor === undefined ? 0 : Number(Buffer.from(q.cursor, "base64url").toString());
    if (!Number.isSafeInteger(offset) || offset < 0 || offset > 10_000) return invalid(c, "cursor", "not a cursor from this API");
    const found = findChats(db, q.q, q.limit, offset);
    if (!found.ok) return invalid(c, "q", "no letters or digits to look for");
    const results = found.hits.map((h) => ({
      chat: presentChat(db, h.chat),
      match: h.match && { ...h.match, at: iso(h.match.at) },
    }));
    const nextCursor = found.more ? Buffer.from(String(offset + q.limit)).toString("base64url") : null;
    return c.json({ results, nextCursor }, 200);
  });

  return api;
}
