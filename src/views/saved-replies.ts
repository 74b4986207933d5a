import { InlineKeyboard } from "grammy";
import type { InlineQueryResult, MessageEntity } from "grammy/types";
import { encode } from "../callback-codec.js";
import type { SavedReply, Section } from "../rules/saved-replies.js";
import { fitText, TEXT_LIMIT } from "../text-limits.js";
import type { CardView } from "./cards.js";
import type { T } from "./words.js";

export const REPLIES_PAGE_SIZE = 8;

/** The codec carries numbers: 0 is the team library, 1 the operator's own replies. */
export const sectionCode = (section: Section): number => (section === "team" ? 0 : 1);
export const sectionOf = (code: number): Section => (code === 0 ? "team" : "own");

/** How the placeholders are written, passed to Fluent as variables (a literal brace would need escaping there). */
export const PLACEHOLDER_VARS = { client: "{client_name}", operator: "{operator_name}" } as const;

const ICONS: Record<string, string> = {
  text: "📝",
  photo: "🖼",
  video: "🎬",
  document: "📄",
  animation: "🎞",
  audio: "🎵",
  voice: "🎤",
  sticker: "🏷",
};

const KIND_KEYS: Record<string, string> = {
  text: "replies-kind-text",
  photo: "replies-kind-photo",
  video: "replies-kind-video",
  document: "replies-kind-document",
  animation: "replies-kind-animation",
  audio: "replies-kind-audio",
  voice: "replies-kind-voice",
  sticker: "replies-kind-sticker",
};

export const kindName = (t: T, kind: string): string => t(KIND_KEYS[kind] ?? "replies-kind-text");

export function repliesHomeView(t: T, bot: string, counts: { team: number; own: number }): CardView {
  return {
    text: t("replies-home", { bot, ...PLACEHOLDER_VARS }),
    reply_markup: new InlineKeyboard()
      .text(t("replies-team-button", { n: counts.team }), encode({ action: "repliesSection", section: 0, page: 0 }))
      .row()
      .text(t("replies-own-button", { n: counts.own }), encode({ action: "repliesSection", section: 1, page: 0 })),
  };
}

/** One section, a page of its replies as buttons; Add only for those who may change the section. */
export function repliesSectionView(t: T, section: Section, replies: SavedReply[], page: number, mayChange: boolean): CardView {
  const pages = Math.max(1, Math.ceil(replies.length / REPLIES_PAGE_SIZE));
  const at = Math.min(Math.max(0, page), pages - 1);
  const keyboard = new InlineKeyboard();
  for (const r of replies.slice(at * REPLIES_PAGE_SIZE, (at + 1) * REPLIES_PAGE_SIZE)) {
    keyboard.text(`${ICONS[r.kind] ?? "📝"} ${r.title}`, encode({ action: "replyOpen", reply: r.id })).row();
  }
  const code = sectionCode(section);
  if (pages > 1) {
    if (at > 0) keyboard.text(t("replies-prev"), encode({ action: "repliesSection", section: code, page: at - 1 }));
    if (at < pages - 1) keyboard.text(t("replies-next"), encode({ action: "repliesSection", section: code, page: at + 1 }));
    keyboard.row();
  }
  if (mayChange) keyboard.text(t("replies-add-button"), encode({ action: "replyAdd", section: code }));
  keyboard.text(t("button-back"), encode({ action: "repliesHome" }));
  const heading = t(section === "team" ? "replies-team-heading" : "replies-own-heading", { n: replies.length });
  const hint = mayChange ? t("replies-section-hint-manage") : t("replies-section-hint-read");
  return { text: `${heading}\n\n${hint}`, reply_markup: keyboard };
}

export function replyView(t: T, reply: SavedReply, mayChange: boolean): CardView {
  const code = sectionCode(reply.ownerId === null ? "team" : "own");
  const keyboard = new InlineKeyboard();
  if (mayChange)
    keyboard
      .text(t("replies-edit-button"), encode({ action: "replyEdit", reply: reply.id }))
      .text(t("replies-delete-button"), encode({ action: "replyDelete", reply: reply.id }))
      .row();
  keyboard.text(t("button-back"), encode({ action: "repliesSection", section: code, page: 0 }));
  const head = `${ICONS[reply.kind] ?? "📝"} ${reply.title} · ${kindName(t, reply.kind)}`;
  return { text: fitText(reply.text ? `${head}\n\n${reply.text}` : head, TEXT_LIMIT), reply_markup: keyboard };
}

export function replyDeleteView(t: T, reply: SavedReply): CardView {
  return {
    text: t("replies-delete-confirm", { title: reply.title }),
    reply_markup: new InlineKeyboard()
      .text(t("replies-delete-yes"), encode({ action: "replyDeleteConfirm", reply: reply.id }))
      .text(t("replies-cancel"), encode({ action: "replyOpen", reply: reply.id })),
  };
}

/**
 * A saved reply as an inline result, sent as it is stored: the operator's chat shows the placeholders, the
 * client gets them filled in. Text is an article; media the cached result of its kind, by Telegram's file id.
 */
export function inlineResult(t: T, reply: SavedReply): InlineQueryResult {
  const id = String(reply.id);
  const title = reply.title;
  const entities = (reply.entities ?? undefined) as MessageEntity[] | undefined;
  const caption = reply.text ? { caption: reply.text, ...(entities ? { caption_entities: entities } : {}) } : {};
  const description = reply.text ? fitText(reply.text.replace(/\s+/g, " "), 100) : kindName(t, reply.kind);
  const file = reply.fileId ?? "";
  switch (reply.kind) {
    case "photo":
      return { type: "photo", id, photo_file_id: file, title, description, ...caption };
    case "video":
      return { type: "video", id, video_file_id: file, title, description, ...caption };
    case "document":
      return { type: "document", id, document_file_id: file, title, description, ...caption };
    case "animation":
      return { type: "gif", id, gif_file_id: file, title, ...caption };
    case "audio":
      return { type: "audio", id, audio_file_id: file, ...caption };
    case "voice":
      return { type: "voice", id, voice_file_id: file, title, ...caption };
    case "sticker":
      return { type: "sticker", id, sticker_file_id: file };
    default:
      return {
        type: "article",
        id,
        title,
        description,
        input_message_content: { message_text: reply.text ?? "", ...(entities ? { entities } : {}) },
      };
  }
}
