/**
 * What rules tell people, as facts. A rule queues an event; the reader's words are chosen when it is sent
 * (src/views/events.ts), so a notice queued before a restart or a change of language reads in the reader's
 * language of the moment. Names are the ones at the time of the event, as the notice would have said then.
 */

/** A chat as a notice names it: "#17 Carol". */
export interface ChatRef {
  id: number;
  title: string;
}

/** Why a row could not be delivered, in Telegram's terms; views say it in words. */
export interface Failure {
  reason:
    | "blocked"
    | "never_started"
    | "too_long"
    | "caption_too_long"
    | "source_gone"
    | "refused"
    | "unreachable"
    | "deactivated"
    /** The business account's connection is disabled, gone, or may not reply. */
    | "business_off"
    /** More than 24 hours since the client's last message: only the account's owner can answer now. */
    | "business_window"
    /** A kind of message that cannot be sent again by kind (into or out of a business account's chat). */
    | "not_resendable";
  /** Telegram's own description (for "refused") or the last error (for "unreachable"). */
  description?: string | undefined;
  /** Attempts made before giving up (for "unreachable"). */
  attempts?: number | undefined;
}

export type Event =
  /** Someone (or an integration, `by` null) made the reader responsible. */
  | { kind: "assigned"; chat: ChatRef; by: string | null }
  /** The chat waited in a group's queue and went to the reader when they came online. */
  | { kind: "assigned_from_queue"; chat: ChatRef; group: string | null }
  /** The chat was taken from the reader; `to` is who holds it now (null: nobody). */
  | { kind: "taken"; chat: ChatRef; by: string | null; to: string | null }
  | { kind: "closed"; chat: ChatRef; by: string }
  /** Nobody in the group is online: the chat waits in its queue. */
  | { kind: "queued"; chat: ChatRef; group: string }
  /** The watchdog's first step; `toResponsible` says whether the reader is the responsible. */
  | { kind: "reminder"; chat: ChatRef; minutes: number; toResponsible: boolean }
  /** The watchdog's second step, as the headline of the chat's card. */
  | { kind: "escalated"; chat: ChatRef; minutes: number }
  /** An admin deactivated a colleague; `released` are the open chats left without a responsible. */
  | { kind: "deactivated"; by: string; operator: string; released: ChatRef[] }
  /** Someone joined the team through the reader's invite. */
  | { kind: "joined"; operator: string }
  | { kind: "client_blocked"; chat: ChatRef }
  /** The client opened the bot through a deep link (an ad, a site); `source` is the link's payload. */
  | { kind: "started_from"; chat: ChatRef; sender: string; source: string }
  /** The client sent what Telegram does not let bots copy (an invoice, a giveaway...). */
  | { kind: "not_copyable"; chat: ChatRef; sender: string; messageKind: string; text?: string | undefined }
  | { kind: "client_edited"; chat: ChatRef; sender: string; text?: string | undefined }
  /** A colleague answered the client: what they sent, so nobody answers again. */
  | { kind: "colleague_answered"; chat: ChatRef; author: string; messageKind: string; text?: string | undefined }
  /** A colleague's private note on the chat (`author` null: written through the API); the client never sees it. */
  | { kind: "note"; chat: ChatRef; author: string | null; text: string }
  /** The reader's reply did not reach the client. */
  | { kind: "not_delivered"; chat: ChatRef | null; failure: Failure }
  /** The client rated the closing of a chat the reader was responsible for (1 to 5). */
  | { kind: "rated"; chat: ChatRef; client: string; score: number }
  /** The client's comment on that rating; it does not reopen the chat, so a question in it is seen here. */
  | { kind: "rating_comment"; chat: ChatRef; client: string; score: number; text: string }
  /** A client's message could not be copied to the reader. */
  | { kind: "not_shown"; chat: ChatRef; failure: Failure }
  | BusinessEvent;

/** What admins and operators hear about Telegram Business accounts and their chats. */
export type BusinessEvent =
  /** Someone who is not an active admin connected their business account: its messages are ignored. */
  | { kind: "business_refused"; account: string }
  | { kind: "business_connected"; account: string }
  /** The connection was disabled or lost the right to reply: answers through it fail until it is back. */
  | { kind: "business_off"; account: string; why: "disabled" | "no_reply" }
  | { kind: "business_on"; account: string }
  | { kind: "client_deleted"; chat: ChatRef; sender: string; count: number }
  /** The watchdog's alarm for a business chat whose 24-hour window ends in `minutes`. */
  | { kind: "window_closing"; chat: ChatRef; minutes: number }
  /** The account's owner (an operator, `author`, or someone else) answered the client from their own app. */
  | { kind: "account_answered"; chat: ChatRef; account: string; author: string | null; messageKind: string; text?: string | undefined };

export function chatRef(chat: { id: number; title: string }): ChatRef {
  return { id: chat.id, title: chat.title };
}

/** A failure as the outbox's `last_error` keeps it, for logs and for whoever looks into the table. */
export function describeFailure(f: Failure): string {
  if (f.reason === "unreachable") return `unreachable after ${f.attempts ?? "?"} attempts${f.description ? ` (${f.description})` : ""}`;
  return f.description ? `${f.reason}: ${f.description}` : f.reason;
}
