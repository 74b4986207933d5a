import type { Api } from "grammy";
import type { BotCommand } from "grammy/types";
import type { Operator } from "../rules/people.js";
import { type Locale, SUPPORTED_LOCALES, type Translate } from "../views/i18n.js";

const CLIENT = ["start", "help"] as const;
const OPERATOR = [
  "help",
  "online",
  "away",
  "chats",
  "find",
  "replies",
  "note",
  "tag",
  "untag",
  "claim",
  "assign",
  "close",
  "reopen",
  "history",
  "report",
  "profile",
  "language",
  "cancel",
] as const;
const ADMIN = [
  ...OPERATOR,
  "invite",
  "operators",
  "groups",
  "newgroup",
  "settings",
  "reset_on_close",
  "watchdog",
  "backlog",
  "tags",
  "backup",
  "hours",
  "inboxes",
] as const;

/** What the menus need to speak: the translate function and the team's language. */
export interface CommandWords {
  translate: Translate;
  defaultLocale: Locale;
}

type Audience = "client" | Operator["role"];

function namesFor(role: Audience): readonly string[] {
  return role === "admin" ? ADMIN : role === "operator" ? OPERATOR : CLIENT;
}

/** Clients and operators describe /help differently, so its key says whose it is. */
function descriptionKey(role: Audience, command: string): string {
  return role === "client" ? `command-client-${command}` : `command-${command.replaceAll("_", "-")}`;
}

export function commandsFor(role: Audience, t: (key: string) => string): BotCommand[] {
  return namesFor(role).map((command) => ({ command, description: t(descriptionKey(role, command)) }));
}

export function helpText(role: Audience, t: (key: string) => string): string {
  if (role === "client") return t("help-client");
  return [t("help-operator"), "", ...commandsFor(role, t).map((c) => `/${c.command} — ${c.description}`)].join("\n");
}

/**
 * Each role's command menu shows only its own commands: clients by default, operators per chat. Telegram picks
 * the menu by the user's app language; the one without a language is for everyone else, in the team's.
 */
export async function syncCommands(
  api: Api,
  words: CommandWords,
  operators: Pick<Operator, "id" | "role" | "active" | "locale">[],
): Promise<void> {
  const scope = { type: "all_private_chats" } as const;
  await api.setMyCommands(
    commandsFor("client", (k) => words.translate(words.defaultLocale, k)),
    { scope },
  );
  for (const language_code of SUPPORTED_LOCALES) {
    await api.setMyCommands(
      commandsFor("client", (k) => words.translate(language_code, k)),
      { scope, language_code },
    );
  }
  for (const op of operators) await syncOperatorCommands(api, words, op);
}

/**
 * A command menu is cosmetic: failing to set one (an admin from ADMIN_IDS who has not started the bot yet
 * makes Telegram answer "chat not found") must not stop anything, so failures are swallowed here. A language
 * the operator chose with /language wins over their app's.
 */
export async function syncOperatorCommands(
  api: Api,
  words: CommandWords,
  op: Pick<Operator, "id" | "role" | "active" | "locale">,
): Promise<boolean> {
  const scope = { type: "chat", chat_id: op.id } as const;
  const menu = (locale: string) => commandsFor(op.role, (k) => words.translate(op.locale ?? locale, k));
  try {
    if (op.active) {
      await api.setMyCommands(menu(words.defaultLocale), { scope });
      for (const language_code of SUPPORTED_LOCALES) await api.setMyCommands(menu(language_code), { scope, language_code });
    } else {
      await api.deleteMyCommands({ scope });
      for (const language_code of SUPPORTED_LOCALES) await api.deleteMyCommands({ scope, language_code });
    }
    return true;
  } catch {
    return false;
  }
}
