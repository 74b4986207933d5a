import type { Message } from "grammy/types";
import type { ResendContent } from "../rules/resend.js";

/**
 * The message as the console can send it again by kind (with the file ids Telegram gave the bot), or null for
 * kinds it cannot (polls, stories, invoices...): those are refused with a notice, never dropped.
 */
export function resendableOf(msg: Message): ResendContent | null {
  const caption = { caption: msg.caption, entities: msg.caption_entities };
  if (msg.text !== undefined) return { kind: "text", text: msg.text, entities: msg.entities };
  if (msg.photo?.length) return { kind: "photo", fileId: msg.photo.at(-1)!.file_id, ...caption };
  // An animation also carries a document: the more specific kind first.
  if (msg.animation) return { kind: "animation", fileId: msg.animation.file_id, ...caption };
  if (msg.video) return { kind: "video", fileId: msg.video.file_id, ...caption };
  if (msg.document) return { kind: "document", fileId: msg.document.file_id, ...caption };
  if (msg.audio) return { kind: "audio", fileId: msg.audio.file_id, ...caption };
  if (msg.voice) return { kind: "voice", fileId: msg.voice.file_id, ...caption };
  if (msg.sticker) return { kind: "sticker", fileId: msg.sticker.file_id };
  if (msg.video_note) return { kind: "video_note", fileId: msg.video_note.file_id };
  if (msg.venue) {
    const v = msg.venue;
    return { kind: "venue", latitude: v.location.latitude, longitude: v.location.longitude, title: v.title, address: v.address };
  }
  if (msg.location) return { kind: "location", latitude: msg.location.latitude, longitude: msg.location.longitude };
  if (msg.contact) {
    return { kind: "contact", phoneNumber: msg.contact.phone_number, firstName: msg.contact.first_name, lastName: msg.contact.last_name };
  }
  if (msg.dice) return { kind: "dice", emoji: msg.dice.emoji };
  return null;
}
