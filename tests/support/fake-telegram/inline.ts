import type { Message, User } from "grammy/types";
import { bad, type Params } from "./methods.js";

/** Inline mode as the fake models it: the bot's answers are checked as Telegram checks them, picks become messages. */

export interface InlineQueryRecord {
  from: User;
  query: string;
  chatType: string;
  /** The parameters of the bot's answerInlineQuery (results, cache_time, is_personal...). */
  answer?: Params | undefined;
}

/** The file id field each cached inline result type carries. */
const CACHED_FILE_FIELD: Record<string, string> = {
  photo: "photo_file_id",
  gif: "gif_file_id",
  mpeg4_gif: "mpeg4_file_id",
  sticker: "sticker_file_id",
  document: "document_file_id",
  video: "video_file_id",
  voice: "voice_file_id",
  audio: "audio_file_id",
};

/** Checks inline results as Telegram does before it shows any of them; one bad result fails the whole answer. */
export function checkInlineResults(results: unknown): Params[] {
  if (!Array.isArray(results)) throw bad("can't parse inline query results JSON object");
  if (results.length > 50) throw bad("RESULTS_TOO_MUCH");
  const ids = new Set<string>();
  for (const r of results as Params[]) {
    const id = String(r.id ?? "");
    if (id.length === 0 || Buffer.byteLength(id) > 64) throw bad("RESULT_ID_INVALID");
    if (ids.has(id)) throw bad("RESULT_ID_DUPLICATE");
    ids.add(id);
    if (r.type === "article") {
      if (!r.title) throw bad("RESULT_TITLE_EMPTY");
      const text = String(r.input_message_content?.message_text ?? "");
      if (text.trim().length === 0) throw bad("MESSAGE_EMPTY");
      if (text.length > 4096) throw bad("MESSAGE_TOO_LONG");
      continue;
    }
    const field = CACHED_FILE_FIELD[String(r.type)];
    if (!field) throw bad("RESULT_TYPE_INVALID");
    if (!r[field]) throw bad("WEBDOCUMENT_INVALID");
    // Documents, videos, voice notes need a title to be listed.
    if (["document", "video", "voice"].includes(String(r.type)) && !r.title) throw bad("RESULT_TITLE_EMPTY");
    if (r.caption !== undefined && String(r.caption).length > 1024) throw bad("MEDIA_CAPTION_TOO_LONG");
  }
  return results as Params[];
}

/** The message a user's chat shows after they pick an inline result: the result's content, as any kind of message. */
export function inlineResultContent(r: Params): Partial<Message> {
  if (r.type === "article") {
    const content = r.input_message_content as Params;
    return { text: String(content.message_text), ...(content.entities ? { entities: content.entities } : {}) };
  }
  const file = { file_id: String(r[CACHED_FILE_FIELD[String(r.type)]!]), file_unique_id: `u-${String(r.id)}` };
  const caption =
    r.caption === undefined ? {} : { caption: String(r.caption), ...(r.caption_entities ? { caption_entities: r.caption_entities } : {}) };
  switch (r.type) {
    case "photo":
      return { photo: [{ ...file, width: 90, height: 90 }], ...caption };
    case "gif":
    case "mpeg4_gif":
      return { animation: { ...file, width: 1, height: 1, duration: 1 }, document: file, ...caption } as Partial<Message>;
    case "sticker":
      return { sticker: { ...file, type: "regular", width: 1, height: 1, is_animated: false, is_video: false } };
    case "video":
      return { video: { ...file, width: 1, height: 1, duration: 1 }, ...caption };
    case "voice":
      return { voice: { ...file, duration: 1 }, ...caption };
    case "audio":
      return { audio: { ...file, duration: 1 }, ...caption };
    default:
      return { document: file, ...caption };
  }
}
