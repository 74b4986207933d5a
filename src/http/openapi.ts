import { z } from "zod";
import { MAX_REPORT_DAYS, ResponsibleBody } from "./api.js";
import { API_BODY_LIMIT } from "./body.js";

const error = { type: "object", properties: { error: { type: "string" }, field: { type: ["string", "null"] }, message: { type: "string" }, reason: { type: "string" } } };
const chat = {
  type: "object",
  properties: {
    id: { type: "integer", description: "The chat number operators see (#17)" },
    telegramChatId: { type: "integer" },
    kind: { enum: ["private", "group"] },
    title: { type: "string" },
    username: { type: ["string", "null"] },
    status: { enum: ["open", "closed"] },
    responsibleEnabled: { type: "boolean" },
    responsible: { type: ["object", "null"], properties: { id: { type: "integer" }, name: { type: "string" } } },
    queuedGroupId: { type: ["integer", "null"] },
    clientBlocked: { type: "boolean" },
    awaitingReplySince: { type: ["string", "null"], format: "date-time" },
    lastActivityAt: { type: "string", format: "date-time" },
    createdAt: { type: "string", format: "date-time" },
    version: { type: "integer", description: "Moves whenever the responsible, status, queue or settings change; the ETag is this number in quotes" },
  },
};
const json = (schema: unknown, description: string) => ({ description, content: { "application/json": { schema } } });
const query = (name: string, schema: unknown, description: string) => ({ name, in: "query", required: false, schema, description });
const idParam = { name: "id", in: "path", required: true, schema: { type: "integer" } };
const unauthorized = json(error, "Missing or wrong bearer token");
const etag = { ETag: { description: 'The chat\'s version as an entity tag, e.g. "12"; send it back in If-Match', schema: { type: "string" } } };
const conflictBody = { ...error, properties: { ...error.properties, current: { $ref: "#/components/schemas/Chat" } } };

/** The API described for integrators; served at /openapi.json. */
export const openApiDocument = {
  openapi: "3.1.0",
  info: {
    title: "Operator console API",
    version: "1.1.0",
    description:
      "Chats, responsibles, operators and reports. Every request needs Authorization: Bearer <API_TOKEN>. " +
      `Request bodies are JSON (Content-Type: application/json, else 415) of at most ${API_BODY_LIMIT} bytes (else 413).`,
  },
  components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } }, schemas: { Chat: chat, Error: error } },
  security: [{ bearer: [] }],
  paths: {
    "/api/chats": {
      get: {
        summary: "The chat list, newest activity first, cursor-paged",
        parameters: [
          query("responsible", { oneOf: [{ type: "integer" }, { const: "none" }] }, "An operator id, or none for unassigned chats"),
          query("group", { type: "integer" }, "Chats whose responsible is in the group or that wait in its queue"),
          query("status", { enum: ["open", "closed", "all"], default: "all" }, "Chat status"),
          query("cursor", { type: "string" }, "nextCursor from the previous page"),
          query("limit", { type: "integer", minimum: 1, maximum: 200, default: 50 }, "Page size"),
        ],
        responses: {
          200: json({ type: "object", properties: { chats: { type: "array", items: { $ref: "#/components/schemas/Chat" } }, nextCursor: { type: ["string", "null"] } } }, "A page of chats"),
          400: json(error, "A query parameter is invalid; field names it"),
          401: unauthorized,
        },
      },
    },
    "/api/chats/{id}": {
      get: {
        summary: "One chat with its responsible and assignment history",
        parameters: [idParam],
        responses: { 200: { ...json(chat, "The chat, with assignments[]"), headers: etag }, 401: unauthorized, 404: json(error, "Unknown chat") },
      },
    },
    "/api/chats/{id}/responsible": {
      put: {
        summary: "Assign the chat to an operator, to a group (its algorithm picks), or to nobody",
        description:
          "Without a precondition the change is made whatever the chat looks like now. To change it only if nobody else did since you " +
          "read it, send If-Match with the ETag of GET /api/chats/{id} (any change of the chat fails it: 412), and/or " +
          "expectedResponsibleId in the body (only a different responsible fails it: 409). Of concurrent calls with the same " +
          "precondition exactly one succeeds; the others get the chat as it is now in `current`.",
        parameters: [
          idParam,
          {
            name: "If-Match",
            in: "header",
            required: false,
            schema: { type: "string" },
            description: 'Entity tags from ETag, e.g. "12" (a comma-separated list: any may match), or * for any version. Weak tags never match.',
          },
        ],
        requestBody: { required: true, content: { "application/json": { schema: z.toJSONSchema(ResponsibleBody, { io: "input" }) } } },
        responses: {
          200: { ...json(chat, "The chat after the change (also when nothing had to change)"), headers: etag },
          400: json(error, "Invalid body or If-Match; field names the offending one"),
          401: unauthorized,
          404: json(error, "Unknown chat, operator or group"),
          409: json(
            conflictBody,
            "Not possible for this chat: reason is group_chat, responsible_off, precondition_failed (expectedResponsibleId no longer holds; current is the chat now) or a concurrent change",
          ),
          412: { ...json(conflictBody, "If-Match no longer holds: reason is precondition_failed, current is the chat now"), headers: etag },
          413: json(error, `The body is over ${API_BODY_LIMIT} bytes`),
          415: json(error, "The body is not application/json"),
        },
      },
    },
    "/api/operators": { get: { summary: "The team", responses: { 200: json({ type: "object" }, "Operators"), 401: unauthorized } } },
    "/api/reports": {
      get: {
        summary: "Per-operator performance over [from, to) (default: the last 30 days)",
        parameters: [
          query("from", { type: "string" }, "ISO date/time or epoch milliseconds; default 30 days before to"),
          query("to", { type: "string" }, "ISO date/time or epoch milliseconds; default now"),
        ],
        responses: {
          200: json({ type: "object" }, "lines[] and totals"),
          400: json(error, `Bad period, field names from or to: not a date, outside JavaScript's dates (±8.64e15 ms), from not before to, or longer than ${MAX_REPORT_DAYS} days`),
          401: unauthorized,
        },
      },
    },
    "/healthz": { get: { summary: "Liveness, without a token", security: [], responses: { 200: json({ type: "object" }, "ok") } } },
  },
} as const;
