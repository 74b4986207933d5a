import { type Api, BotError } from "grammy";
import type { Context } from "hono";
import type { Db } from "../db/client.js";
import type { Clock } from "../db/store.js";
import { storageErrorCode } from "../db/storage-errors.js";
import type { Logger } from "../logger.js";
import { listActiveOperators, type Operator } from "../rules/people.js";
import { renderStorageDown, renderStorageUp } from "../views/events.js";
import type { Locale, Translate } from "../views/i18n.js";
import { operatorLocale, type Words, wordsIn } from "../views/words.js";

export interface StorageOutageDeps {
  db: Db;
  /** Sends directly, not through the outbox: the outbox needs the very writes that are failing. */
  api: Api;
  clock: Clock;
  log: Logger;
  /** The notices are worded for each admin in their language. */
  translate: Translate;
  defaultLocale: Locale;
}

/**
 * Tracks whether incoming updates can be stored. The first failure of an outage is logged and told to the
 * admins, once; the first success after it ends the outage, and the admins hear that too. Reading works on a
 * full disk, so the admins' ids come from the database.
 */
export class StorageOutage {
  private since: number | undefined;

  constructor(private readonly d: StorageOutageDeps) {}

  get ongoing(): boolean {
    return this.since !== undefined;
  }

  updateNotStored(err: unknown): void {
    if (this.since !== undefined) return;
    this.since = this.d.clock();
    const code = storageErrorCode(err);
    this.d.log.error({ err, code }, "the database cannot be written: incoming updates stay unconfirmed until it can");
    this.tellAdmins((t) => renderStorageDown(code, t));
  }

  updateStored(): void {
    if (this.since === undefined) return;
    const minutes = (this.d.clock() - this.since) / 60_000;
    this.since = undefined;
    this.d.log.warn({ minutes: Math.round(minutes * 10) / 10 }, "the database takes writes again; outage over");
    this.tellAdmins((t) => renderStorageUp(minutes, t));
  }

  /**
   * Wraps the webhook handler: an update that could be neither stored nor kept gets 503, so Telegram sends it
   * again later instead of forgetting it.
   */
  // biome-ignore lint/suspicious/noExplicitAny: grammY's Hono adapter types the context it takes as any
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

  private tellAdmins(say: (t: Words) => string): void {
    let admins: Operator[];
    try {
      admins = listActiveOperators(this.d.db).filter((op) => op.role === "admin");
    } catch (err) {
      this.d.log.error({ err }, "could not read the admins to tell them about the database");
      return;
    }
    for (const admin of admins) {
      const id = admin.id;
      const text = say(wordsIn(this.d.translate, operatorLocale(admin, this.d.defaultLocale)));
      this.d.api
        .sendMessage(id, text)
        .catch((err) => this.d.log.warn({ err: String(err), admin: id }, "could not tell an admin about the database"));
    }
  }
}
