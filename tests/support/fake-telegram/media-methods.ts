import type { Message } from "grammy/types";
import { businessOf } from "./business.js";
import { ApiError, type MethodContext } from "./methods.js";

const bad = (description: string) => new ApiError(400, `Bad Request: ${description}`);
type Params = Record<string, any>;
let fileCounter = 0;

/** A file as a send by file id produces it: the same file_id, so a test sees which file arrived. */
function file(fileId: unknown) {
  if (typeof fileId !== "string" || fileId.length === 0) throw bad("wrong file identifier/HTTP URL specified");
  return { file_id: fileId, file_unique_id: `su-${++fileCounter}` };
}

function caption(p: Params): Partial<Message> {
  if (p.caption === undefined) return {};
  if (String(p.caption).length > 1024) throw bad("message caption is too long");
  return p.caption_entities ? { caption: String(p.caption), caption_entities: p.caption_entities } : { caption: String(p.caption) };
}

/** The fields of the message each send-by-kind method makes (files by file id only). */
const KIND_FIELDS: Record<string, (p: Params) => Partial<Message>> = {
  sendPhoto: (p) => ({ photo: [{ ...file(p.photo), width: 90, height: 90 }], ...caption(p) }),
  sendVideo: (p) => ({ video: { ...file(p.video), width: 1, height: 1, duration: 1 }, ...caption(p) }),
  sendDocument: (p) => ({ document: file(p.document), ...caption(p) }),
  sendAudio: (p) => ({ audio: { ...file(p.audio), duration: 1 }, ...caption(p) }),
  sendVoice: (p) => ({ voice: { ...file(p.voice), duration: 2 }, ...caption(p) }),
  sendAnimation: (p) => ({ animation: { ...file(p.animation), width: 1, height: 1, duration: 1 }, ...caption(p) }) as Partial<Message>,
  sendSticker: (p) => ({ sticker: { ...file(p.sticker), type: "regular", width: 1, height: 1, is_animated: false, is_video: false } }),
  sendVideoNote: (p) => ({ video_note: { ...file(p.video_note), length: 1, duration: 1 } }),
  sendLocation: (p) => ({ location: { latitude: Number(p.latitude), longitude: Number(p.longitude) } }),
  sendVenue: (p) => ({
    venue: {
      location: { latitude: Number(p.latitude), longitude: Number(p.longitude) },
      title: String(p.title),
      address: String(p.address),
    },
    location: { latitude: Number(p.latitude), longitude: Number(p.longitude) },
  }),
  sendContact: (p) => ({
    contact: { phone_number: String(p.phone_number), first_name: String(p.first_name), ...(p.last_name ? { last_name: p.last_name } : {}) },
  }),
  sendDice: (p) => ({ dice: { emoji: String(p.emoji ?? "🎲"), value: 3 } }),
};

/**
 * Sends by kind, to the bot's own chats (through `plain`, the existing send path) or, with
 * `business_connection_id`, into a business account's chat as the account.
 */
export function mediaMethods(plain: (ctx: MethodContext, p: Params, fields: Partial<Message>) => Message) {
  const methods: Record<string, (ctx: MethodContext, p: Params) => unknown> = {};
  for (const [method, fields] of Object.entries(KIND_FIELDS)) {
    methods[method] = (ctx, p) => (p.business_connection_id !== undefined ? businessOf(ctx).send(p, fields(p)) : plain(ctx, p, fields(p)));
  }
  methods.sendMediaGroup = (ctx, p) => {
    const media = p.media as Array<{ type: string; media: string; caption?: string; caption_entities?: unknown }>;
    if (!Array.isArray(media) || media.length < 2 || media.length > 10) throw bad("wrong number of media in the album");
    const group = `g${Date.now()}${Math.random()}`;
    return media.map((m, i) => {
      const method = `send${m.type[0]!.toUpperCase()}${m.type.slice(1)}`;
      const build = KIND_FIELDS[method];
      if (!build || !["photo", "video", "document", "audio"].includes(m.type)) throw bad("wrong media type in the album");
      const part = { ...p, [m.type]: m.media, caption: m.caption, caption_entities: m.caption_entities };
      // Only the first message quotes the reply.
      if (i > 0) delete part.reply_parameters;
      const fields = { ...build(part), media_group_id: group } as Partial<Message>;
      return p.business_connection_id !== undefined ? businessOf(ctx).send(part, fields) : plain(ctx, part, fields);
    });
  };
  methods.readBusinessMessage = (ctx, p) => businessOf(ctx).read(p);
  return methods;
}
