import { createRoute, z } from "@hono/zod-openapi";
import { API_BODY_LIMIT } from "./body.js";
import * as ns from "./note-search-schemas.js";
import * as s from "./schemas.js";

/** The report period's cap: a report reads every message of its period in one synchronous query, which holds the bot meanwhile. */
export const MAX_REPORT_DAYS = 366;

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });
const etag = {
  ETag: { description: 'The chat\'s version as an entity tag, e.g. "12"; send it back in If-Match', schema: { type: "string" as const } },
};
const unauthorized = json(s.Problem, "Missing or wrong bearer token");

export const healthRoute = createRoute({
  method: "get",
  path: "/healthz",
  operationId: "getHealth",
  tags: ["health"],
  summary: "Liveness, without a token: the server answers and can read its database",
  security: [],
  responses: {
    200: json(s.Health, "The server answers"),
    503: json(s.Problem, "The database cannot be read"),
  },
});

export const listChatsRoute = createRoute({
  method: "get",
  path: "/chats",
  operationId: "listChats",
  tags: ["chats"],
  summary: "The chat list, newest activity first, cursor-paged",
  request: { query: s.ChatListQuery },
  responses: {
    200: json(s.ChatPage, "A page of chats"),
    400: json(s.InvalidRequest, "A query parameter is invalid; field names it"),
    401: unauthorized,
  },
});

export const getChatRoute = createRoute({
  method: "get",
  path: "/chats/{id}",
  operationId: "getChat",
  tags: ["chats"],
  summary: "One chat with its responsible and assignment history",
  request: { params: s.ChatParams },
  responses: {
    200: { ...json(s.ChatDetail, "The chat, with assignments[] oldest first"), headers: etag },
    401: unauthorized,
    404: json(s.Problem, "Unknown chat"),
  },
});

export const putResponsibleRoute = createRoute({
  method: "put",
  path: "/chats/{id}/responsible",
  operationId: "setResponsible",
  tags: ["chats"],
  summary: "Assign the chat to an operator, to a group (its algorithm picks), or to nobody",
  description:
    "Without a precondition the change is made whatever the chat looks like now. To change it only if nobody else did since you " +
    "read it, send If-Match with the ETag of GET /api/chats/{id} (any change of the chat fails it: 412), and/or " +
    "expectedResponsibleId in the body (only a different responsible fails it: 409). Of concurrent calls with the same " +
    "precondition exactly one succeeds; the others get the chat as it is now in `current`.",
  request: {
    params: s.ChatParams,
    headers: s.IfMatchHeader,
    body: { required: true, content: { "application/json": { schema: s.ResponsibleBody } } },
  },
  responses: {
    200: { ...json(s.Chat, "The chat after the change (also when nothing had to change)"), headers: etag },
    400: json(s.InvalidRequest, "Invalid body or If-Match; field names the offending one"),
    401: unauthorized,
    404: json(s.Problem, "Unknown chat, operator or group"),
    409: json(
      z.union([s.PreconditionFailed, s.Refusal]),
      "Not possible for this chat: reason is group_chat, responsible_off, precondition_failed (expectedResponsibleId no longer holds; current is the chat now) or a concurrent change",
    ),
    412: {
      ...json(s.PreconditionFailed, "If-Match no longer holds: reason is precondition_failed, current is the chat now"),
      headers: etag,
    },
    413: json(s.Problem, `The body is over ${API_BODY_LIMIT} bytes`),
    415: json(s.Problem, "The body is not application/json"),
  },
});

export const listNotesRoute = createRoute({
  method: "get",
  path: "/chats/{id}/notes",
  operationId: "listNotes",
  tags: ["chats"],
  summary: "The chat's private notes, oldest first",
  request: { params: s.ChatParams },
  responses: { 200: json(ns.NoteList, "The notes"), 401: unauthorized, 404: json(s.Problem, "Unknown chat") },
});

export const addNoteRoute = createRoute({
  method: "post",
  path: "/chats/{id}/notes",
  operationId: "addNote",
  tags: ["chats"],
  summary: "Add a private note: shown to the chat's responsible and followers, never to the client",
  request: { params: s.ChatParams, body: { required: true, content: { "application/json": { schema: ns.NoteBody } } } },
  responses: {
    201: json(ns.Note, "The note as stored (author null: written through the API)"),
    400: json(s.InvalidRequest, "Invalid body; field names the offending one"),
    401: unauthorized,
    404: json(s.Problem, "Unknown chat"),
    413: json(s.Problem, `The body is over ${API_BODY_LIMIT} bytes`),
    415: json(s.Problem, "The body is not application/json"),
  },
});

export const listOperatorsRoute = createRoute({
  method: "get",
  path: "/operators",
  operationId: "listOperators",
  tags: ["team"],
  summary: "The team: role, active, available, notification profile",
  responses: { 200: json(s.OperatorList, "Every operator, active or not"), 401: unauthorized },
});

export const reportRoute = createRoute({
  method: "get",
  path: "/reports",
  operationId: "getReport",
  tags: ["reports"],
  summary: "Per-operator performance over [from, to) (default: the last 30 days)",
  request: { query: s.ReportQuery },
  responses: {
    200: json(s.Report, "lines[] per operator and totals"),
    400: json(
      s.InvalidRequest,
      `Bad period, field names from or to: not a date, outside JavaScript's dates (±8.64e15 ms), from not before to, or longer than ${MAX_REPORT_DAYS} days`,
    ),
    401: unauthorized,
  },
});

export const searchRoute = createRoute({
  method: "get",
  path: "/search",
  operationId: "searchChats",
  tags: ["chats"],
  summary: "Chats whose client's name, username or messages (both sides) contain the words, newest first",
  request: { query: ns.SearchQuery },
  responses: {
    200: json(ns.SearchPage, "A page of matching chats, each with its newest matching message"),
    400: json(s.InvalidRequest, "q has no letters or digits, or a parameter is invalid; field names it"),
    401: unauthorized,
  },
});

/** Every route under /api, in the order the document lists them. */
export const apiRouteList = [
  listChatsRoute,
  getChatRoute,
  putResponsibleRoute,
  listNotesRoute,
  addNoteRoute,
  listOperatorsRoute,
  reportRoute,
  searchRoute,
] as const;
