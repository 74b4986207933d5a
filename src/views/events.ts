import type { ChatRef, Event, Failure } from "../rules/events.js";
import { stars } from "./ratings.js";
import type { Words } from "./words.js";
import { renderBusinessEvent, renderBusinessFailure } from "./business.js";

const chatVars = (chat: ChatRef) => ({ id: String(chat.id), title: chat.title });

/** Why a row was not delivered, as the operator reads it. */
export function renderFailure(f: Failure, t: Words): string {
  switch (f.reason) {
    case "blocked":
      return t("delivery-failure-blocked");
    case "never_started":
      return t("delivery-failure-never-started");
    case "too_long":
      return t("delivery-failure-too-long");
    case "caption_too_long":
      return t("delivery-failure-caption-too-long");
    case "source_gone":
      return t("delivery-failure-source-gone");
    case "refused":
      return t("delivery-failure-refused", { description: f.description ?? "" });
    case "unreachable":
      return t("delivery-failure-unreachable", { attempts: String(f.attempts ?? 0), n: f.attempts ?? 0, description: f.description ?? "" });
    case "deactivated":
      return t("delivery-failure-deactivated");
    case "business_off":
    case "business_window":
    case "not_resendable":
      return renderBusinessFailure(f.reason, t);
  }
}

/** A message's body as a one-line summary: the text, or "[photo] caption" for other kinds. */
function summary(messageKind: string, text: string | undefined): string {
  return messageKind === "text" ? (text ?? "") : `[${messageKind}]${text ? ` ${text}` : ""}`;
}

/** An event in the reader's words. */
export function renderEvent(e: Event, t: Words): string {
  const by = (name: string | null) => name ?? t("events-integration");
  switch (e.kind) {
    case "assigned":
      return t("events-assigned", { ...chatVars(e.chat), by: by(e.by) });
    case "assigned_from_queue":
      return e.group === null
        ? t("events-assigned-from-unnamed-queue", chatVars(e.chat))
        : t("events-assigned-from-queue", { ...chatVars(e.chat), group: e.group });
    case "taken":
      return e.to === null
        ? t("events-taken-to-nobody", { ...chatVars(e.chat), by: by(e.by) })
        : t("events-taken", { ...chatVars(e.chat), by: by(e.by), to: e.to });
    case "closed":
      return t("events-closed", { ...chatVars(e.chat), by: e.by });
    case "queued":
      return t("events-queued", { ...chatVars(e.chat), group: e.group });
    case "reminder":
      return t(e.toResponsible ? "events-reminder-responsible" : "events-reminder-nobody", {
        ...chatVars(e.chat),
        minutes: String(e.minutes),
        n: e.minutes,
      });
    case "escalated":
      return t("events-escalated", { ...chatVars(e.chat), minutes: String(e.minutes), n: e.minutes });
    case "deactivated":
      return e.released.length
        ? t("events-deactivated-released", {
            by: e.by,
            operator: e.operator,
            chats: e.released.map((c) => `#${c.id} ${c.title}`).join(", "),
          })
        : t("events-deactivated", { by: e.by, operator: e.operator });
    case "joined":
      return t("events-joined", { operator: e.operator });
    case "client_blocked":
      return t("events-client-blocked", chatVars(e.chat));
    case "started_from":
      return t("events-started-from", { ...chatVars(e.chat), sender: e.sender, source: e.source });
    case "not_copyable":
      return e.text
        ? t("events-not-copyable-with-text", { ...chatVars(e.chat), sender: e.sender, kind: e.messageKind, text: e.text })
        : t("events-not-copyable", { ...chatVars(e.chat), sender: e.sender, kind: e.messageKind });
    case "client_edited":
      return e.text ? t("events-client-edited", { sender: e.sender, text: e.text }) : t("events-client-edited-empty", { sender: e.sender });
    case "colleague_answered":
      return t("events-colleague-answered", { ...chatVars(e.chat), author: e.author, what: summary(e.messageKind, e.text) });
    case "note":
      return t("notes-event", { ...chatVars(e.chat), author: by(e.author), text: e.text });
    case "not_delivered": {
      const reason = renderFailure(e.failure, t);
      return e.chat ? t("delivery-not-delivered", { ...chatVars(e.chat), reason }) : t("delivery-not-delivered-to-client", { reason });
    }
    case "rated":
      return t("events-rated", { ...chatVars(e.chat), client: e.client, stars: stars(e.score) });
    case "rating_comment":
      return t("events-rating-comment", { ...chatVars(e.chat), client: e.client, stars: stars(e.score), text: e.text });
    case "not_shown":
      return t("delivery-not-shown", { ...chatVars(e.chat), reason: renderFailure(e.failure, t) });
    default:
      return renderBusinessEvent(e, t);
  }
}

/** SQLite's error code for a failed write, as the admins read it. */
function storageCause(code: string | undefined, t: Words): string {
  if (code === "SQLITE_FULL") return t("events-storage-cause-full");
  if (code?.startsWith("SQLITE_READONLY")) return t("events-storage-cause-readonly");
  if (code?.startsWith("SQLITE_IOERR")) return t("events-storage-cause-io");
  if (code?.startsWith("SQLITE_BUSY") || code?.startsWith("SQLITE_LOCKED")) return t("events-storage-cause-locked");
  if (code === "SQLITE_CANTOPEN") return t("events-storage-cause-cantopen");
  return t("events-storage-cause-other");
}

/** The admins' notice that the database takes no writes. */
export function renderStorageDown(code: string | undefined, t: Words): string {
  const cause = storageCause(code, t);
  return code ? t("events-storage-down-with-code", { cause, code }) : t("events-storage-down", { cause });
}

/** The admins' notice that writes work again, after `minutes`. */
export function renderStorageUp(minutes: number, t: Words): string {
  if (minutes < 1) return t("events-storage-up-soon");
  const n = Math.round(minutes);
  return t("events-storage-up", { minutes: String(n), n });
}
