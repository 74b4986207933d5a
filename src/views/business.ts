import type { Store } from "../db/store.js";
import { type BusinessConnection, getAccount, windowEndsAt } from "../rules/business-chats.js";
import type { Chat } from "../rules/chats.js";
import type { BusinessEvent } from "../rules/events.js";
import type { Words } from "./words.js";

/** A business failure as the author of the answer reads it. */
export function renderBusinessFailure(reason: "business_off" | "business_window" | "not_resendable", t: Words): string {
  switch (reason) {
    case "business_off":
      return t("business-failure-off");
    case "business_window":
      return t("business-failure-window");
    case "not_resendable":
      return t("business-failure-not-resendable");
  }
}

const summary = (kind: string, text: string | undefined) => (kind === "text" ? (text ?? "") : `[${kind}]${text ? ` ${text}` : ""}`);

/** Events about business accounts and their chats, in the reader's words. */
export function renderBusinessEvent(e: BusinessEvent, t: Words): string {
  switch (e.kind) {
    case "business_refused":
      return t("business-refused", { account: e.account });
    case "business_connected":
      return t("business-connected", { account: e.account });
    case "business_off":
      return t(e.why === "disabled" ? "business-off-disabled" : "business-off-no-reply", { account: e.account });
    case "business_on":
      return t("business-on", { account: e.account });
    case "client_deleted":
      return t("business-client-deleted", {
        id: String(e.chat.id),
        title: e.chat.title,
        sender: e.sender,
        count: String(e.count),
        n: e.count,
      });
    case "window_closing":
      return t("business-window-closing", { id: String(e.chat.id), title: e.chat.title, left: windowLeft(e.minutes * 60_000, t) });
    case "account_answered":
      return t(e.author === null ? "business-account-answered" : "business-owner-answered", {
        id: String(e.chat.id),
        title: e.chat.title,
        account: e.account,
        author: e.author ?? "",
        what: summary(e.messageKind, e.text),
      });
  }
}

/** The inbox a chat came through, as cards and lists name it. */
export function inboxName(account: { name: string; username: string | null } | undefined, t: Words): string {
  if (!account) return t("business-inbox-bot");
  return account.username ? `${account.name} (@${account.username})` : account.name;
}

/** "3 h 20 min" left to answer a business chat; "expired" once the window closed. */
export function windowLeft(ms: number, t: Words): string {
  if (ms <= 0) return t("business-window-closed");
  const m = Math.floor(ms / 60_000);
  return t("business-window-left", { h: String(Math.floor(m / 60)), m: String(m % 60) });
}

/** The card shows the time left to answer once it is under this. */
const WINDOW_WARNING_MS = 4 * 60 * 60 * 1000;

/**
 * A business chat's card names its inbox and, near the end of Telegram's 24-hour window, the time left. Cards are
 * drawn when sent, so the time is the moment of drawing.
 */
export function businessLines(db: Store, chat: Chat, t: Words, now = Date.now()): string[] {
  if (chat.businessAccountId === null) return [];
  const lines = [t("business-card-inbox", { inbox: inboxName(getAccount(db, chat.businessAccountId), t) })];
  const ends = windowEndsAt(db, chat);
  if (ends !== undefined && ends - now < WINDOW_WARNING_MS) {
    lines.push(ends <= now ? windowLeft(0, t) : t("business-card-window", { left: windowLeft(ends - now, t) }));
  }
  return lines;
}

function state(c: BusinessConnection, t: Words): string {
  if (!c.accepted) return t("business-inboxes-state-refused");
  if (!c.enabled) return t("business-inboxes-state-disabled");
  if (!c.canReply) return t("business-inboxes-state-no-reply");
  return t("business-inboxes-state-on", { read: c.canRead ? "yes" : "no" });
}

/** /inboxes: the bot itself and each connected business account with its state. */
export function inboxesText(connections: BusinessConnection[], t: Words): string {
  const lines = [t("business-inboxes-heading"), "", t("business-inboxes-bot")];
  for (const c of connections) lines.push(t("business-inboxes-line", { account: inboxName(c, t), state: state(c, t) }));
  if (connections.length === 0) lines.push("", t("business-inboxes-empty"));
  return lines.join("\n");
}
