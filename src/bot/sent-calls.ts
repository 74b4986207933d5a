import type { Transformer } from "grammy";
import type { SentCall } from "../rules/failed-updates.js";

/**
 * The parameters that say what a call acts on: the chat, topic, message, query or person. The content (text,
 * caption, buttons, file) is left out on purpose: a retry renders it again from a database that moved on
 * meanwhile (a report's figures, a card's version), and a different count does not make the admin's second copy
 * of a report any less a duplicate. The same method on the same target, in the same order, is the same step.
 */
const TARGET_FIELDS = [
  "business_connection_id",
  "chat_id",
  "message_thread_id",
  "direct_messages_topic_id",
  "from_chat_id",
  "message_id",
  "message_ids",
  "inline_message_id",
  "callback_query_id",
  "inline_query_id",
  "user_id",
] as const;

export function targetOf(payload: unknown): string {
  const p = (payload ?? {}) as Record<string, unknown>;
  const parts: string[] = [];
  for (const field of TARGET_FIELDS) if (p[field] !== undefined) parts.push(`${field}=${JSON.stringify(p[field])}`);
  const replyTo = (p.reply_parameters as { message_id?: unknown } | undefined)?.message_id ?? p.reply_to_message_id;
  if (replyTo !== undefined) parts.push(`reply_to=${JSON.stringify(replyTo)}`);
  return parts.join("&");
}

/**
 * The Bot API calls of one update's handling, installed on that update's `ctx.api` only (grammY gives every
 * update an Api of its own, with the bot's transformers copied in, so other updates and delivery never pass
 * here). Telegram offers no idempotency key, and a handler that sent part of its answer and then threw would
 * send that part again at every retry: so each call Telegram accepted is recorded with its answer, and on a
 * retry a call that matches a recorded one (same method and target, the recorded ones taken in order) is
 * answered from the record instead of reaching Telegram. The handler gets the same answer as the first time (a
 * sent message's id, where a card landed) and goes on from there; calls the earlier attempts never got through
 * go out, and join the record for the attempt after, if this one fails too.
 *
 * Reading methods (`get…`) are always asked afresh: they change nothing, and an old answer could mislead.
 * Installed last, this transformer sees what the bot's own transformers made of Telegram's answer (a spent
 * callback query tolerated, a 429 retried): only a final success is recorded.
 */
export class SentCalls {
  /** Everything Telegram accepted for this update so far, earlier attempts first: kept if this attempt fails. */
  readonly record: SentCall[];
  /** Recorded calls this attempt has not reached yet. */
  private readonly unmatched: SentCall[];

  constructor(earlier: readonly SentCall[] = []) {
    this.record = [...earlier];
    this.unmatched = [...earlier];
  }

  readonly transformer: Transformer = async (prev, method, payload, signal) => {
    if (method.startsWith("get")) return prev(method, payload, signal);
    const target = targetOf(payload);
    if (this.unmatched.length > 0) {
      const i = this.unmatched.findIndex((c) => c.method === method && c.target === target);
      if (i >= 0) {
        const [done] = this.unmatched.splice(i, 1);
        return { ok: true, result: done!.result as never };
      }
    }
    const response = await prev(method, payload, signal);
    if (response.ok) this.record.push({ method, target, result: response.result });
    return response;
  };
}
