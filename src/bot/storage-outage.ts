import { type Api, BotError } from "grammy";
import type { Context } from "hono";
import type { Db } from "../db/client.js";
import type { Clock } from "../db/store.js";
import { storageErrorCode } from "../db/storage-errors.js";
import type { Logger } from "../logger.js";
import { listActiveOperators, type Operator } from "../rules/people.js";
import { translator } from "../views/i18n.js";
import type { CommandWords } from "./commands.js";
import { createConsoleI18n } from "./create-bot.js";
import { operatorLocale } from "./words.js";

export interface StorageOutageDeps {
  db: Db;
  /** Sends directly, not through the outbox: the outbox needs the very writes that are failing. */
  api: Api;
  clock: Clock;
  log: Logger;
  /** The words of the notices, each admin's in their language; without it, English. */
  words?: CommandWords;
}

type T = (key: string, vars?: Record<string, string | number>) => string;

function cause(code: string | undefined): string {
  if (code === "SQLITE_FULL") return "outage-cause-full";
  if (code?.startsWith("SQLITE_READONLY")) return "outage-cause-readonly";
  if (code?.startsWith("SQLITE_IOERR")) return "outage-cause-ioerr";
  if (code?.startsWith("SQLITE_BUSY") || code?.startsWith("SQLITE_LOCKED")) return "outage-cause-locked";
  if (code === "SQLITE_CANTOPEN") return "outage-cause-cantopen";
  return "outage-cause-unexpected";
}

export function outageNotice(t: T, code: string | undefined): string {
  return t("outage-notice", { cause: t(cause(code)), code: code ? ` (${code})` : "" });
}

export function recoveryNotice(t: T, minutes: number): string {
  return t("outage-recovered", { after: minutes < 1 ? t("outage-less-than-minute") : t("outage-minutes", { minutes: String(Math.round(minutes)) }) });
}

/**
 * Tracks whether incoming updates can be stored. The first failure of an outage is logged and told to the
 * admins, once; the first success after it ends the outage, and the admins hear that too. Reading works on a
 * full disk, so the admins' ids come from the database.
 */
export class StorageOutage {
  private since: number | undefined;

  constructor(private readonly d: StorageOutageDeps) {
    this.words = d.words ?? { translate: translator(createConsoleI18n(), "en"), defaultLocale: "en" };
  }

  get ongoing(): boolean {
    return this.since !== undefined;
  }

  updateNotStored(err: unknown): void {
    if (this.since !== undefined) return;
    this.since = this.d.clock();
    const code = storageErrorCode(err);
    this.d.log.error({ err, code }, "the database cannot be written: incoming updates stay unconfirmed until it can");
    this.tellAdmins((t) => outageNotice(t, code));
  }

  updateStored(): void {
    if (this.since === undefined) return;
    const minutes = (this.d.clock() - this.since) / 60_000;
    this.since = undefined;
    this.d.log.warn({ minutes: Math.round(minutes * 10) / 10 }, "the database takes writes again; outage over");
    this.tellAdmins((t) => recoveryNotice(t, minutes));
  }

  /**
   * Wraps the webhook handler: an update that could be neither stored nor kept gets 503, so Telegram sends it
   * again later instead of forgetting it.
   */
  guardWebhook(handler: (c: any) => Promise<Response>): (c: Context) => Promise<Response> {
    return async (c) => {
      try {
        const response = await handler(c);
        this.updateStored();
        return response;
      } catch (err) {
        // Anything else (the handler timing out) answers as before.
        if (!(err instanceof BotError)) throw err;
        this.d.log.error({ err: err.error }, "update could not be stored; answering 503 so Telegram sends it again");
        this.updateNotStored(err.error);
        return c.body(null, 503);
      }
    };
  }

  private readonly words: CommandWords;

  private tellAdmins(notice: (t: T) => string): void {
    let admins: Operator[];
    try {
      admins = listActiveOperators(this.d.db).filter((op) => op.role === "admin");
    } catch (err) {
      this.d.log.error({ err }, "could not read the admins to tell them about the database");
      return;
    }
    const { translate, defaultLocale } = this.words;
    for (const { id, ...op } of admins) {
      const locale = operatorLocale(op, defaultLocale);
      this.d.api.sendMessage(id, notice((key, vars) => translate(locale, key, vars))).catch((err) => this.d.log.warn({ err: String(err), admin: id }, "could not tell an admin about the database"));
    }
  }
}
