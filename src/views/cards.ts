import { InlineKeyboard } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
import { encode } from "../callback-codec.js";
import type { Store } from "../db/store.js";
import { type Chat, getChat } from "../rules/chats.js";
import { getGroup } from "../rules/groups.js";
import { getActiveOperator, getOperator, type Operator } from "../rules/people.js";
import { mayClose, mayReassign } from "../rules/responsibles.js";
import { hasTeamTags, tagsOf } from "../rules/tags.js";
import type { Words } from "./words.js";
import { businessLines } from "./business.js";

/** A message as drawn: its text and buttons. */
export interface CardView {
  text: string;
  reply_markup?: InlineKeyboardMarkup | undefined;
}

function responsibleLine(db: Store, chat: Chat, viewer: Operator, t: Words): string {
  if (chat.kind !== "private") return t("cards-group-chat");
  if (!chat.responsibleEnabled) return t("cards-responsible-off");
  if (chat.responsibleId === null) {
    const group = chat.queuedGroupId === null ? undefined : getGroup(db, chat.queuedGroupId);
    return group ? t("cards-responsible-queued", { group: group.name }) : t("cards-responsible-none");
  }
  if (chat.responsibleId === viewer.id) return t("cards-responsible-you");
  return t("cards-responsible", { name: getOperator(db, chat.responsibleId)?.name ?? `#${chat.responsibleId}` });
}

export function cardText(db: Store, chat: Chat, viewer: Operator, t: Words): string {
  const who = chat.username ? `${chat.title} (@${chat.username})` : chat.title;
  const lines = [
    t("cards-title", { id: String(chat.id), who }),
    t(chat.clientBlocked ? "cards-status-blocked" : "cards-status", { status: chat.status }),
    responsibleLine(db, chat, viewer, t),
    ...(chat.startSource ? [t("cards-came-from", { source: chat.startSource })] : []),
    ...tagsLine(db, chat.id, t),
    ...businessLines(db, chat, t),
  ];
  return lines.join("\n");
}

function tagsLine(db: Store, chatId: number, t: Words): string[] {
  const names = tagsOf(db, chatId).map((tag) => `#${tag.name}`);
  return names.length ? [t("tags-card-line", { tags: names.join(" ") })] : [];
}

/**
 * Only the buttons that apply to this viewer and this chat's state; each carries the version it was drawn at.
 * `withTags`: the team has tags, so the card offers its tag menu.
 */
export function cardKeyboard(chat: Chat, viewer: Operator, t: Words, withTags = false): InlineKeyboard {
  const k = new InlineKeyboard();
  const at = { chat: chat.id, v: chat.version };
  const personal = chat.kind === "private";
  // The watchdog escalated this chat: anyone may rescue the waiting client.
  if (
    personal &&
    chat.responsibleEnabled &&
    chat.watchdogStage >= 2 &&
    chat.awaitingReplySince !== null &&
    chat.responsibleId !== viewer.id
  ) {
    k.text(t("cards-take-it"), encode({ action: "rescue", chat: chat.id })).row();
  }
  if (personal && chat.responsibleEnabled) {
    if (chat.responsibleId === null) k.text(t("cards-claim"), encode({ action: "claim", ...at }));
    if (mayReassign(viewer, chat)) k.text(t("cards-assign"), encode({ action: "assignMenu", ...at, page: 0 }));
    k.row();
  }
  if (mayClose(viewer, chat)) {
    if (chat.status === "open") k.text(t("cards-close"), encode({ action: "close", ...at }));
    else k.text(t("cards-reopen"), encode({ action: "reopen", ...at }));
  }
  k.text(t("cards-history"), encode({ action: "history", chat: chat.id, page: 0 }));
  if (withTags) k.text(t("tags-button"), encode({ action: "tagMenu", chat: chat.id }));
  if (personal && mayReassign(viewer, chat)) {
    k.row();
    if (chat.responsibleEnabled) k.text(t("cards-switch-off"), encode({ action: "responsibleOff", ...at }));
    else k.text(t("cards-switch-on"), encode({ action: "responsibleOn", ...at }));
  }
  return k;
}

/**
 * The notice that stands for a client's messages past the flood cap in an operator's queue. The messages are
 * stored; History shows them.
 */
export function renderFold(db: Store, chatId: number, count: number, viewerId: number, t: Words): CardView | undefined {
  const chat = getChat(db, chatId);
  if (!chat || !getActiveOperator(db, viewerId)) return undefined;
  return {
    text: t("cards-fold", { title: chat.title, count: String(count), n: count }),
    reply_markup: new InlineKeyboard().text(t("cards-history"), encode({ action: "history", chat: chat.id, page: 0 })),
  };
}

/** The card as delivery sends it and as buttons redraw it. Undefined for a chat or viewer that no longer exists. */
export function renderCard(db: Store, chatId: number, viewerId: number, t: Words): CardView | undefined {
  const chat = getChat(db, chatId);
  const viewer = getActiveOperator(db, viewerId);
  if (!chat || !viewer) return undefined;
  return { text: cardText(db, chat, viewer, t), reply_markup: cardKeyboard(chat, viewer, t, hasTeamTags(db)) };
}

/**
 * The notice that stands for the messages of other people's chats not sent one by one to an operator whose
 * queue is past the backlog cap. They are stored; the chat list shows who is waiting.
 */
export function renderBacklog(messages: number, chats: number, t: Words): CardView {
  return {
    text: t("cards-backlog", { messages: String(messages), m: messages, chats: String(chats), c: chats }),
    // The list's first view: every chat (kind 0), open ones (status 0), as /chats opens.
    reply_markup: new InlineKeyboard().text(t("cards-backlog-open"), encode({ action: "chatList", kind: 0, arg: 0, status: 0, page: 0 })),
  };
}
