import type { ConversationFlavor } from "@grammyjs/conversations";
import type { Context } from "grammy";
import type { BackupTaker } from "../db/backup.js";
import type { Db } from "../db/client.js";
import type { Clock } from "../db/store.js";
import type { Inbox } from "../inbox.js";
import type { Logger } from "../logger.js";
import type { Operator } from "../rules/people.js";
import type { I18n, I18nFlavor, Locale } from "../views/i18n.js";

/** What the bot's features need from outside; `createBot` takes it, `main.ts` builds it. */
export interface BotDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  /** Called after a handler queued outbox rows, so delivery starts at once. */
  kickDelivery: () => void;
  /** For the "random" group algorithm; injectable so tests can pin it. */
  random?: () => number;
  /** How long a multi-step dialogue (creating a group) waits for each answer. */
  conversationTimeoutMs?: number;
  /** Takes a backup of the database on an admin's `/backup`; without it the command says backups are not set up. */
  backups?: BackupTaker;
  /** The words of the bot (Fluent); without it, a default instance speaking DEFAULT_LOCALE. */
  i18n?: I18n<BotContext>;
  /** The team's language: for anyone whose own is not one the console speaks. */
  defaultLocale?: Locale;
  /** Threaded inbox (a topic per client chat) or one stream; stream without it. */
  inbox?: Inbox;
}

interface Extras {
  deps: BotDeps;
  /**
   * `deps.log` bound to this update: `update_id`, the chat and, once identity knows them, the operator. Ids and
   * kinds only: clients' words never go to the log.
   */
  log: Logger;
  /** The sender as an active operator, when they are one (set by the identity middleware). */
  operator?: Operator | undefined;
  /**
   * The sender was an operator and has been deactivated: not a client either (set by identity, which already
   * read the record, so later features need not read it again).
   */
  formerOperator?: boolean | undefined;
}

export type BotContext = ConversationFlavor<Context & Extras & I18nFlavor>;
