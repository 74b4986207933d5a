import type { Message } from "grammy/types";

export interface MessageFacts {
  kind: string;
  text?: string | undefined;
  entities?: unknown[] | undefined;
  /** Whether copyMessage can carry it; the rest reach operators as a line saying what it was. */
  copyable: boolean;
}

const KINDS = [
  "text",
  "photo",
  "video",
  "document",
  "voice",
  "audio",
  "video_note",
  "sticker",
  "animation",
  "location",
  "venue",
  "contact",
  "poll",
  "dice",
  "story",
  "invoice",
  "giveaway",
  "giveaway_winners",
  "paid_media",
  "game",
] as const;

/** Telegram refuses to let bots copy these (and service messages, which are never relayed). */
const NOT_COPYABLE = new Set<string>(["invoice", "giveaway", "giveaway_winners", "paid_media", "game", "story"]);

export function describeMessage(msg: Message): MessageFacts {
  const found = KINDS.find((k) => k in msg && (msg as unknown as Record<string, unknown>)[k] !== undefined);
  // "animation" messages also carry "document": prefer the more specific kind.
  const kind = msg.animation ? "animation" : msg.venue ? "venue" : (found ?? "message");
  let copyable = !NOT_COPYABLE.has(kind);
  // A quiz can only be copied if the bot knows its correct answer, which a relayed one never does.
  const quiz = msg.poll as { type: string; correct_option_id?: number; correct_option_ids?: number[] } | undefined;
  if (quiz?.type === "quiz" && quiz.correct_option_id === undefined && quiz.correct_option_ids === undefined) copyable = false;
  return {
    kind,
    text: msg.text ?? msg.caption,
    entities: msg.entities ?? msg.caption_entities,
    copyable,
  };
}

/** Service messages (joins, pins, title changes...) carry none of the content kinds and are not relayed. */
export function isContent(msg: Message): boolean {
  return describeMessage(msg).kind !== "message";
}

export function personName(user: { first_name: string; last_name?: string | undefined }): string {
  return [user.first_name, user.last_name].filter(Boolean).join(" ");
}
