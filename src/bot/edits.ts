import { GrammyError } from "grammy";

/**
 * Redrawing a message with what it already shows makes Telegram answer 400 "message is not modified"; that
 * is success for us. Anything else is a real failure and goes on up.
 */
export function ignoreNotModified(err: unknown): void {
  if (err instanceof GrammyError && /message is not modified/.test(err.description)) return;
  throw err;
}
