import type { Store } from "../db/store.js";
import { getChat } from "../rules/chats.js";
import { topicState } from "../rules/topics.js";
import { fitText } from "../text-limits.js";
import type { Words } from "./words.js";

/** Telegram's limit on a topic's name, in UTF-16 units. */
export const TOPIC_NAME_LIMIT = 128;

/**
 * A client chat's topic name in one operator's chat with the bot: its state at a glance (a leading emoji, since
 * a topic's colour cannot change after creation), then `#17 · Carol (@carol)`; cut between characters to fit.
 */
export function topicName(db: Store, chatId: number, viewerId: number, t: Words): string | undefined {
  const chat = getChat(db, chatId);
  if (!chat) return undefined;
  const who = chat.username ? `${chat.title} (@${chat.username})` : chat.title;
  const name = t("topics-name", { state: t(`topics-state-${topicState(chat, viewerId)}`), id: String(chat.id), who });
  return fitText(name, TOPIC_NAME_LIMIT);
}
