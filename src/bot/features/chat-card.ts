import { InlineKeyboard } from "grammy";
import type { Store } from "../../db/store.js";
import type { CardView } from "../../delivery/send.js";
import { type Chat, getChat } from "../../rules/chats.js";
import { getGroup } from "../../rules/groups.js";
import { getActiveOperator, getOperator, type Operator } from "../../rules/people.js";
import { mayClose, mayReassign } from "../../rules/responsibles.js";
import { encode } from "../callback-codec.js";

function responsibleLine(db: Store, chat: Chat, viewer: Operator): string {
  if (chat.kind !== "private") return "Group chat: no responsible";
  if (!chat.responsibleEnabled) return "Responsible: off for this chat";
  if (chat.responsibleId === null) {
    const group = chat.queuedGroupId === null ? undefined : getGroup(db, chat.queuedGroupId);
    return group ? `Responsible: none, waiting in the ${group.name} queue` : "Responsible: none (unassigned)";
  }
  if (chat.responsibleId === viewer.id) return "Responsible: you";
  return `Responsible: ${getOperator(db, chat.responsibleId)?.name ?? `#${chat.responsibleId}`}`;
}

export function cardText(db: Store, chat: Chat, viewer: Operator): string {
  const who = chat.username ? `${chat.title} (@${chat.username})` : chat.title;
  const lines = [
    `💬 #${chat.id} · ${who}`,
    `Status: ${chat.status}${chat.clientBlocked ? " · ⛔ blocked the bot" : ""}`,
    responsibleLine(db, chat, viewer),
    ...(chat.startSource ? [`Came from: ${chat.startSource}`] : []),
  ];
  return lines.join("\n");
}

/** Only the buttons that apply to this viewer and this chat's state; each carries the version it was drawn at. */
export function cardKeyboard(chat: Chat, viewer: Operator): InlineKeyboard {
  const k = new InlineKeyboard();
  const at = { chat: chat.id, v: chat.version };
  const personal = chat.kind === "private";
  // The watchdog escalated this chat: anyone may rescue the waiting client.
  if (personal && chat.responsibleEnabled && chat.watchdogStage >= 2 && chat.awaitingReplySince !== null && chat.responsibleId !== viewer.id) {
    k.text("🆘 Take it", encode({ action: "rescue", chat: chat.id })).row();
  }
  if (personal && chat.responsibleEnabled) {
    if (chat.responsibleId === null) k.text("🙋 Claim", encode({ action: "claim", ...at }));
    if (mayReassign(viewer, chat)) k.text("👥 Assign", encode({ action: "assignMenu", ...at, page: 0 }));
    k.row();
  }
  if (mayClose(viewer, chat)) {
    if (chat.status === "open") k.text("✅ Close", encode({ action: "close", ...at }));
    else k.text("↩️ Reopen", encode({ action: "reopen", ...at }));
  }
  k.text("📜 History", encode({ action: "history", chat: chat.id, page: 0 }));
  if (personal && mayReassign(viewer, chat)) {
    k.row();
    if (chat.responsibleEnabled) k.text("🔕 Responsible off", encode({ action: "responsibleOff", ...at }));
    else k.text("🔔 Responsible on", encode({ action: "responsibleOn", ...at }));
  }
  return k;
}

/**
 * The notice that stands for a client's messages past the flood cap in an operator's queue. The messages are
 * stored; History shows them.
 */
export function renderFold(db: Store, chatId: number, count: number, viewerId: number): CardView | undefined {
  const chat = getChat(db, chatId);
  if (!chat || !getActiveOperator(db, viewerId)) return undefined;
  const what = count === 1 ? "1 more message" : `${count} more messages`;
  return {
    text: `📨 ${chat.title} sent ${what}. All of them are in the chat's 📜 History.`,
    reply_markup: new InlineKeyboard().text("📜 History", encode({ action: "history", chat: chat.id, page: 0 })),
  };
}

/** The card as delivery sends it and as buttons redraw it. Undefined for a chat or viewer that no longer exists. */
export function renderCard(db: Store, chatId: number, viewerId: number): CardView | undefined {
  const chat = getChat(db, chatId);
  const viewer = getActiveOperator(db, viewerId);
  if (!chat || !viewer) return undefined;
  return { text: cardText(db, chat, viewer), reply_markup: cardKeyboard(chat, viewer) };
}
