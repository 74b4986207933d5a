import { z } from "@hono/zod-openapi";

/**
 * Every shape the HTTP API reads or writes. Routes validate requests with these schemas and the OpenAPI document
 * is generated from them, so the document cannot say something the code does not do.
 */

export const id = z.coerce.number().int().positive();

/** JavaScript dates end 8.64e15 ms either side of 1970; beyond that no date can be written back. */
const LAST_DATE_MS = 8.64e15;
export const onCalendar = (ms: number) => Number.isFinite(ms) && Math.abs(ms) <= LAST_DATE_MS;
export const OFF_CALENDAR = "outside the dates this API can express (years -271821 to 275760)";

// ---- requests

export const ChatParams = z.object({
  id: id.openapi({ param: { name: "id", in: "path" }, description: "The chat number operators see (#17)" }),
});

export const ChatListQuery = z
  .object({
    responsible: z
      .union([z.literal("none"), id])
      .optional()
      .openapi({ description: "An operator id, or none for unassigned chats" }),
    group: id.optional().openapi({ description: "Chats whose responsible is in the group or that wait in its queue" }),
    inbox: z
      .union([z.literal("bot"), id])
      .optional()
      .openapi({ description: "The inbox chats came through: bot for the bot itself, or a business account's Telegram user id" }),
    status: z.enum(["open", "closed", "all"]).default("all").openapi({ description: "Chat status" }),
    tag: z.string().max(64).optional().openapi({ description: "Chats carrying this team tag (e.g. vip); an unknown tag matches none" }),
    cursor: z.string().max(100).optional().openapi({ description: "nextCursor from the previous page" }),
    limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ description: "Page size" }),
  })
  .strict();

export const ResponsibleBody = z
  .object({
    operatorId: z.number().int().positive().nullable().optional().openapi({ description: "The new responsible, or null for nobody" }),
    groupId: z.number().int().positive().optional().openapi({ description: "A group whose algorithm picks the responsible" }),
    expectedResponsibleId: z
      .number()
      .int()
      .positive()
      .nullable()
      .optional()
      .openapi({ description: "Change only while this is still the responsible (null: only while nobody is); otherwise 409" }),
  })
  .strict()
  .refine((b) => (b.operatorId !== undefined) !== (b.groupId !== undefined), {
    message: 'give exactly one of "operatorId" (a number, or null to unassign) and "groupId"',
    path: ["operatorId"],
  })
  .openapi({ description: "Exactly one of operatorId and groupId" });

export const IfMatchHeader = z.object({
  "If-Match": z.string().optional().openapi({
    description: 'Entity tags from ETag, e.g. "12" (a comma-separated list: any may match), or * for any version. Weak tags never match.',
  }),
});

const instant = z
  .union([z.coerce.number().int(), z.iso.datetime({ offset: true }), z.iso.date()])
  .transform((v) => (typeof v === "number" ? v : Date.parse(v)))
  .refine(onCalendar, OFF_CALENDAR)
  // The generator cannot see through the transform; this is what the union above accepts.
  .openapi({
    anyOf: [
      { type: "integer", description: "Epoch milliseconds" },
      { type: "string", format: "date-time", description: "ISO date-time with an offset or Z" },
      { type: "string", format: "date", description: "ISO date, midnight UTC" },
    ],
  });

export const ReportQuery = z
  .object({
    from: instant.optional().openapi({ description: "ISO date/time or epoch milliseconds; default 30 days before to" }),
    to: instant.optional().openapi({ description: "ISO date/time or epoch milliseconds; default now" }),
  })
  .strict();

// ---- responses

export const at = z.iso.datetime();

export const Chat = z
  .object({
    id: z.number().int().openapi({ description: "The chat number operators see (#17)" }),
    telegramChatId: z.number().int().openapi({ description: "The chat's id in Telegram (for a business account's chat: the client's id)" }),
    inbox: z
      .union([z.literal("bot"), z.object({ businessAccountId: z.number().int(), name: z.string() })])
      .openapi({ description: "Where the client wrote: to the bot itself, or to a connected Telegram Business account" }),
    kind: z.enum(["private", "group"]),
    title: z.string(),
    username: z.string().nullable(),
    status: z.enum(["open", "closed"]),
    responsibleEnabled: z.boolean(),
    responsible: z.object({ id: z.number().int(), name: z.string() }).nullable(),
    queuedGroupId: z.number().int().nullable(),
    clientBlocked: z.boolean(),
    tags: z.array(z.string()).openapi({ description: "The chat's tags, by name" }),
    awaitingReplySince: at.nullable(),
    lastActivityAt: at,
    createdAt: at,
    version: z
      .number()
      .int()
      .openapi({ description: "Moves whenever the responsible, status, queue or settings change; the ETag is this number in quotes" }),
  })
  .openapi("Chat");

export const Assignment = z
  .object({
    at,
    fromOperatorId: z.number().int().nullable(),
    toOperatorId: z.number().int().nullable(),
    byOperatorId: z.number().int().nullable().openapi({ description: "Null when the system or an integration made the change" }),
    how: z.enum(["auto", "manual", "claim", "takeover", "group", "queue", "api", "reset", "deactivation", "off"]),
    groupId: z.number().int().nullable(),
  })
  .openapi("Assignment");

export const Rating = z
  .object({
    closureId: z.number().int().openapi({ description: "The closing of the chat that was rated (a chat closed again is asked again)" }),
    operatorId: z.number().int().openapi({ description: "Whose work was rated: the responsible at closing, else who closed it" }),
    score: z.number().int().min(1).max(5),
    ratedAt: at,
    comment: z.string().nullable(),
  })
  .openapi("Rating");

export const ChatDetail = Chat.extend({
  assignments: z.array(Assignment),
  ratings: z.array(Rating).openapi({ description: "The client's satisfaction ratings of this chat's closings, newest first" }),
}).openapi("ChatDetail");

export const ChatPage = z.object({ chats: z.array(Chat), nextCursor: z.string().nullable() }).openapi("ChatPage");

export const Operator = z
  .object({
    id: z.number().int().openapi({ description: "The operator's Telegram user id" }),
    name: z.string(),
    username: z.string().nullable(),
    role: z.enum(["operator", "admin"]),
    active: z.boolean(),
    available: z.boolean().openapi({ description: "Said /online and seen online today" }),
    notifyChannel: z.enum(["sound", "silent", "off"]),
    notifyFilter: z.enum(["all", "new_and_mine", "mine"]),
  })
  .openapi("Operator");

export const OperatorList = z.object({ operators: z.array(Operator) }).openapi("OperatorList");

const ms = z.number().nullable();
export const ReportLine = z
  .object({
    operatorId: z.number().int().nullable().openapi({ description: "Null in totals, and for closings while nobody was responsible" }),
    name: z.string(),
    assigned: z.number().int(),
    closed: z.number().int(),
    messagesSent: z.number().int(),
    firstResponseMedianMs: ms,
    firstResponseP90Ms: ms,
    resolutionMedianMs: ms,
    reassignedIn: z.number().int(),
    reassignedOut: z.number().int(),
  })
  .openapi("ReportLine");

export const RatingLine = z
  .object({
    operatorId: z.number().int().nullable().openapi({ description: "Null in totals" }),
    name: z.string(),
    count: z.number().int(),
    average: z.number().nullable().openapi({ description: "Mean score 1 to 5; null when nobody rated" }),
  })
  .openapi("RatingLine");

export const BusinessResponseLine = z
  .object({
    operatorId: z.number().int().nullable().openapi({ description: "Null in totals" }),
    name: z.string(),
    medianMs: ms,
    p90Ms: ms,
  })
  .openapi("BusinessResponseLine");

export const Report = z
  .object({
    from: at,
    to: at,
    lines: z.array(ReportLine),
    totals: ReportLine,
    ratings: z
      .object({ lines: z.array(RatingLine), totals: RatingLine })
      .openapi({ description: "Satisfaction ratings given in the period, per operator whose work was rated" }),
    businessFirstResponse: z
      .object({ lines: z.array(BusinessResponseLine), totals: BusinessResponseLine })
      .nullable()
      .openapi({
        description:
          "With business hours set: first response times counting business hours only (lines[].firstResponse* count clock time). Null when no hours are set.",
      }),
  })
  .openapi("Report");

export const Health = z.object({ ok: z.literal(true) }).openapi("Health");

// ---- errors

export const Problem = z
  .object({ error: z.string(), message: z.string().optional().openapi({ description: "What to change, when there is something to say" }) })
  .openapi("Problem");

export const InvalidRequest = z
  .object({
    error: z.literal("invalid request"),
    field: z.string().nullable().openapi({ description: "The offending parameter, body field or header; null for the body as a whole" }),
    message: z.string(),
  })
  .openapi("InvalidRequest");

export const Refusal = z
  .object({
    error: z.string(),
    reason: z.enum(["group_chat", "responsible_off", "taken", "not_operator", "not_allowed", "already_closed", "already_open"]),
  })
  .openapi("Refusal");

export const PreconditionFailed = z
  .object({ error: z.string(), reason: z.literal("precondition_failed"), current: Chat })
  .openapi("PreconditionFailed");
