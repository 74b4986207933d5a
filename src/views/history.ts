import type { HistoryEntry } from "../rules/history.js";
import type { T } from "./words.js";

/** One history line: time, author (operators marked as such, notes marked as notes), and the text or the kind of message. */
export function historyLine(t: T, m: HistoryEntry): string {
  const time = new Date(m.createdAt).toISOString().slice(0, 16).replace("T", " ");
  if (m.note) return `${time} ${t("notes-history-line", { name: m.authorName ?? t("events-integration"), text: m.text })}`;
  const who = m.direction === "out" ? t("history-operator", { name: m.senderName }) : m.senderName;
  const body = m.kind === "text" ? (m.text ?? "") : `[${m.kind}]${m.text ? ` ${m.text}` : ""}`;
  return `${time} ${who}: ${body}`;
}

/** The whole conversation as plain text, for the transcript file. */
export function transcriptText(t: T, messages: HistoryEntry[]): string {
  return `${messages.map((m) => historyLine(t, m)).join("\n")}\n`;
}
