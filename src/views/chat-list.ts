import type { ChatListItem } from "../rules/chat-list.js";
import type { T } from "./words.js";

/** Which chats a list shows, as its heading names them. */
export type ListScope = { kind: "all" | "mine" | "unassigned" } | { kind: "operator" | "group" | "tag" | "inbox"; name: string };

/** How long a client has waited: minutes, then hours and minutes, then days. Numbers as strings: never grouped. */
export function ago(t: T, ms: number): string {
  const m = Math.floor(ms / 60_000);
  if (m < 60) return t("ago-minutes", { m: String(m) });
  const h = Math.floor(m / 60);
  return h < 48 ? t("ago-hours", { h: String(h), m: String(m % 60).padStart(2, "0") }) : t("ago-days", { d: String(Math.floor(h / 24)) });
}

/** One chat as a line of a list: number, client, responsible, status, and how long the client has waited. */
export function describe(t: T, item: ChatListItem, now: number): string {
  const who =
    item.kind !== "private"
      ? t("chat-list-group-chat")
      : !item.responsibleEnabled
        ? t("chat-list-responsible-off")
        : (item.responsibleName ?? t("chat-list-unassigned"));
  const waiting = item.awaitingReplySince !== null ? ` · ⏳ ${ago(t, now - item.awaitingReplySince)}` : "";
  const inbox = item.inboxName === null ? "" : ` · ${t("business-list-inbox", { inbox: item.inboxName })}`;
  return `#${item.id} ${item.title}${inbox} · ${who} · ${t(`chat-list-line-${item.status}`)}${waiting}`;
}

/** The list's text: a heading naming the filter, then one line per chat. */
export function chatListText(t: T, scope: ListScope, status: "open" | "closed" | "all", items: ChatListItem[], now: number): string {
  const scopeText =
    scope.kind === "inbox"
      ? t("business-list-inbox", { inbox: scope.name })
      : "name" in scope
        ? t(`chat-list-scope-${scope.kind}`, { name: scope.name })
        : t(`chat-list-scope-${scope.kind}`);
  const heading = t("chat-list-heading", { scope: scopeText, status: t(`chat-list-status-${status}`) });
  const lines = items.length ? items.map((i) => describe(t, i, now)) : [t("chat-list-empty")];
  return `${heading}\n\n${lines.join("\n")}`;
}
