import type { Api } from "grammy";
import type { BotCommand } from "grammy/types";
import type { Operator } from "../rules/people.js";

const CLIENT: BotCommand[] = [
  { command: "start", description: "Start talking to us" },
  { command: "help", description: "How this works" },
];

const OPERATOR: BotCommand[] = [
  { command: "help", description: "What you can do here" },
  { command: "online", description: "Available: chats from your groups can be assigned to you" },
  { command: "away", description: "Not available for new chats" },
  { command: "chats", description: "The chat list, with filters" },
  { command: "report", description: "Performance: today, 7d or 30d" },
  { command: "profile", description: "Your notifications: sound, silent or off; which chats" },
  { command: "cancel", description: "Leave the current dialogue" },
];

const ADMIN: BotCommand[] = [
  ...OPERATOR,
  { command: "invite", description: "One-time link that makes someone an operator" },
  { command: "operators", description: "Team roster: promote, demote, deactivate" },
  { command: "groups", description: "Groups and their members" },
  { command: "newgroup", description: "Create a group of operators" },
  { command: "settings", description: "Team-wide settings" },
  { command: "reset_on_close", description: "on|off: closing a chat clears its responsible" },
  { command: "watchdog", description: "N|off: minutes before an unanswered chat is chased" },
  { command: "backup", description: "Copy the database now: where the copy is and its size" },
];

export function commandsFor(role: "client" | Operator["role"]): BotCommand[] {
  return role === "admin" ? ADMIN : role === "operator" ? OPERATOR : CLIENT;
}

export function helpText(role: "client" | Operator["role"]): string {
  if (role === "client") {
    return "Write your question here, as text, photos, voice or files. Our team sees it and answers in this chat.";
  }
  const lines = [
    "You are an operator. Clients' messages arrive here, each chat introduced by its card (#number, name, responsible).",
    "Answer a client by replying (swipe left, Reply) to any of their messages or to their card. The first to answer an unassigned chat becomes its responsible.",
    "The card's buttons claim, assign, close and reopen chats.",
    "",
    ...commandsFor(role).map((c) => `/${c.command} — ${c.description}`),
  ];
  return lines.join("\n");
}

/** Each role's command menu shows only its own commands: clients by default, operators per chat. */
export async function syncCommands(api: Api, operators: Pick<Operator, "id" | "role" | "active">[]): Promise<void> {
  await api.setMyCommands(CLIENT, { scope: { type: "all_private_chats" } });
  for (const op of operators) await syncOperatorCommands(api, op);
}

/**
 * A command menu is cosmetic: failing to set one (an admin from ADMIN_IDS who has not started the bot yet
 * makes Telegram answer "chat not found") must not stop anything, so failures are swallowed here.
 */
export async function syncOperatorCommands(api: Api, op: Pick<Operator, "id" | "role" | "active">): Promise<boolean> {
  const scope = { type: "chat", chat_id: op.id } as const;
  try {
    if (op.active) await api.setMyCommands(commandsFor(op.role), { scope });
    else await api.deleteMyCommands({ scope });
    return true;
  } catch {
    return false;
  }
}
