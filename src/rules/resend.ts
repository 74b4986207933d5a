/**
 * What it takes to send a message again by kind, from the file ids and fields Telegram gave the bot. Needed
 * wherever copyMessage cannot go: it has no business_connection_id, and the bot cannot copy out of a business
 * account's chats either.
 */
export type ResendContent =
  | { kind: "text"; text: string; entities?: unknown[] | undefined }
  | {
      kind: "photo" | "video" | "document" | "audio" | "voice" | "animation";
      fileId: string;
      caption?: string | undefined;
      entities?: unknown[] | undefined;
    }
  | { kind: "sticker" | "video_note"; fileId: string }
  | { kind: "location"; latitude: number; longitude: number }
  | { kind: "venue"; latitude: number; longitude: number; title: string; address: string }
  | { kind: "contact"; phoneNumber: string; firstName: string; lastName?: string | undefined }
  | { kind: "dice"; emoji: string };

/** Kinds sendMediaGroup takes: an album of these is sent again as one album. */
export const ALBUM_KINDS = new Set(["photo", "video", "document", "audio"]);
