import { z } from "@hono/zod-openapi";
import { NOTE_LIMIT } from "../rules/notes.js";
import { at, Chat } from "./schemas.js";

// The API's schemas for private notes and search, beside the core ones in schemas.ts.

// ---- requests

export const NoteBody = z
  .object({
    text: z
      .string()
      .trim()
      .min(1)
      .max(NOTE_LIMIT)
      .openapi({ description: `The note, 1 to ${NOTE_LIMIT} characters` }),
  })
  .strict()
  .openapi({ description: "A private note: the chat's responsible and followers see it, the client never does" });

export const SearchQuery = z
  .object({
    q: z
      .string()
      .min(1)
      .max(1000)
      .openapi({
        description:
          "Words to find in clients' names, usernames and the text of both sides of every conversation; all must appear, " +
          "the last may be the start of a word. Operators and quotes are plain characters.",
      }),
    cursor: z.string().max(100).optional().openapi({ description: "nextCursor from the previous page" }),
    limit: z.coerce.number().int().min(1).max(100).default(20).openapi({ description: "Page size" }),
  })
  .strict();

// ---- responses

export const Note = z
  .object({
    id: z.number().int(),
    chatId: z.number().int(),
    author: z
      .object({ id: z.number().int(), name: z.string() })
      .nullable()
      .openapi({ description: "The operator who wrote it; null for a note written through the API" }),
    text: z.string(),
    createdAt: at,
  })
  .openapi("Note");

export const NoteList = z.object({ notes: z.array(Note).openapi({ description: "Oldest first" }) }).openapi("NoteList");

export const SearchMatch = z
  .object({
    messageId: z.number().int(),
    direction: z.enum(["in", "out"]).openapi({ description: "in: from the client; out: an operator's answer" }),
    senderName: z.string(),
    text: z.string(),
    at,
  })
  .openapi("SearchMatch");

export const SearchPage = z
  .object({
    results: z.array(
      z.object({
        chat: Chat,
        match: SearchMatch.nullable().openapi({ description: "The chat's newest matching message; null when its client's name matched" }),
      }),
    ),
    nextCursor: z.string().nullable(),
  })
  .openapi("SearchPage");
