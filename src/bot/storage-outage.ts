import { type Api, BotError } from "grammy";
import type { Context } from "hono";
import type { Db } from "../db/client.js";
import type { Clock } from "../db/store.js";
import { storageErrorCode } from "../db/storage-errors.js";
import type { Logger } from "../logger.js";
import { listActiveOperators } from "../rules/people.js";

export interface StorageOutageDeps {
  db: Db;
  /** Sends directly, not through the outbox: the outbox needs the very writes that are failing. */
  api: Api;
  clock: Clock;
  log: Logger;
}

function cause(code: string | undefined): string {
  if (code === "SQLITE_FULL") return "the disk is full";
  if (code?.startsWith("SQLITE_READONLY")) return "the database is read-only";
  if (code?.startsWith("SQLITE_IOERR")) return "the disk reports an input/output error";
  if (code?.startsWith("SQLITE_BUSY") || code?.startsWith("SQLITE_LOCKED")) return "another program holds the database locked";
  if (code === "SQLITE_CANTOPEN") return "the database file cannot be opened";
  return "an unexpected error";
}

export function outageNotice(code: string | undefined): string {
  return [
    `⚠️ The console cannot write to its database: ${cause(code)}${code ? ` (${code})` : ""}.`,
    "New messages from clients wait at Telegram, unconfirmed, and will be taken in, in order, as soon as writes succeed again (Telegram keeps them for up to 24 hours).",
    "Please check the server's disk.",
  ].join("\n");
}

export function recoveryNotice(minutes: number): string {
  return `✅ The console can write to its database again (after ${minutes < 1 ? "less than a minute" : `${Math.round(minutes)} min`}). The messages that waited are being taken in.`;
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
    this.tellAdmins(outageNotice(code));
  }

  updateStored(): void {
    if (this.since === undefined) return;
    const minutes = (this.d.clock() - this.since) / 60_000;
    this.since = undefined;
    this.d.log.warn({ minutes: Math.round(minutes * 10) / 10 }, "the database takes writes again; outage over");
    this.tellAdmins(recoveryNotice(minutes));
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

  private tellAdmins(text: string): void {
    let admins: number[];
    try {
      admins = listActiveOperators(this.d.db).filter((op) => op.role === "admin").map((op) => op.id);
    } catch (err) {
      this.d.log.error({ err }, "could not read the admins to tell them about the database");
      return;
    }
    for (const id of admins) {
      this.d.api.sendMessage(id, text).catch((err) => this.d.log.warn({ err: String(err), admin: id }, "could not tell an admin about the database"));
    }
  }
}
