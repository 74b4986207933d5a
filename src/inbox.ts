/**
 * How operators receive their chats: `threads` gives each client chat its own topic in the operator's chat with
 * the bot (Telegram's threaded mode, Bot API 9.3/9.4); `stream` is one interleaved feed with a card before each
 * change of client.
 */
export type InboxMode = "threads" | "stream";

/** What the team asked for (INBOX_MODE): `auto` follows the bot's threaded mode as getMe reports it. */
export type InboxSetting = InboxMode | "auto";

/**
 * The mode in force, shared by reference: start-up sets it once getMe has answered, delivery reads it at each
 * send, so a row queued before a switch is delivered in the mode of the moment (re-targeted, never lost).
 */
export interface Inbox {
  mode: InboxMode;
}

/** The mode to run in; undefined when `threads` is asked of a bot without threaded mode (start-up stops). */
export function chooseInboxMode(setting: InboxSetting, hasTopicsEnabled: boolean | undefined): InboxMode | undefined {
  if (setting === "stream") return "stream";
  if (setting === "auto") return hasTopicsEnabled ? "threads" : "stream";
  return hasTopicsEnabled ? "threads" : undefined;
}
