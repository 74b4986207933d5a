import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { sameSecret } from "./auth.js";

/** Integrations send a few hundred bytes of JSON; 64 KB leaves room without letting anyone make us read megabytes. */
export const API_BODY_LIMIT = 64 * 1024;

/**
 * Telegram posts one Update as JSON, with files referenced by file_id and never inlined. The largest parts are
 * texts (4,096 characters, about 25 KB even fully \u-escaped), a replied-to message, entities and a keyboard,
 * which together stay well under 100 KB; 1 MB is ten times that.
 */
export const WEBHOOK_BODY_LIMIT = 1024 * 1024;

/**
 * Refuses a body over `maxSize` bytes with 413. A Content-Length over the cap is refused before any of the body
 * is read; a chunked body is read only up to the cap. What the client still sends is discarded by the server.
 */
export function limitBody(maxSize: number): MiddlewareHandler {
  return bodyLimit({
    maxSize,
    onError: (c) => c.json({ error: "request body too large", message: `at most ${maxSize} bytes` }, 413, { connection: "close" }),
  });
}

/** application/json, with any parameters (charset=utf-8); names are case-insensitive. */
function isJson(contentType: string | undefined): boolean {
  return contentType?.split(";")[0]?.trim().toLowerCase() === "application/json";
}

/** A request that carries a body must say it is JSON: anything else was never meant for us, and gets 415. */
export function requireJson(): MiddlewareHandler {
  return async (c, next) => {
    if (["POST", "PUT", "PATCH"].includes(c.req.method) && !isJson(c.req.header("content-type"))) {
      return c.json({ error: "unsupported media type", message: "send the body as application/json" }, 415);
    }
    await next();
  };
}

/**
 * Telegram's webhook secret, checked before the body is read, so a caller without it learns nothing about
 * our limits or parser and cannot make us read anything. Same answer as grammY's own check (which follows).
 */
export function telegramSecret(secret: string | undefined): MiddlewareHandler {
  return async (c, next) => {
    if (secret !== undefined && !sameSecret(c.req.header("x-telegram-bot-api-secret-token") ?? "", secret)) return c.body("", 401);
    await next();
  };
}

/**
 * The body must be an Update: a JSON object with an integer update_id. Anything else would throw inside grammY
 * and answer 500. Hono keeps the text it read, so grammY's own c.req.json() parses that instead of reading the body again.
 */
export function requireUpdate(): MiddlewareHandler {
  return async (c, next) => {
    const update: unknown = await c.req.json().catch(() => undefined);
    const updateId =
      typeof update === "object" && update !== null && !Array.isArray(update) ? (update as { update_id?: unknown }).update_id : undefined;
    if (!Number.isSafeInteger(updateId)) {
      return c.json(
        { error: "invalid request", message: "the body must be a Telegram Update: a JSON object with an integer update_id" },
        400,
      );
    }
    await next();
  };
}
