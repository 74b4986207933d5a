import { GrammyError, HttpError } from "grammy";
import type { Failure } from "../rules/events.js";

/** One line for logs and the outbox's last_error: Telegram's code and words, or the network's. */
export function describe(err: unknown): string {
  if (err instanceof GrammyError) return `${err.error_code} ${err.description}`;
  if (err instanceof HttpError) return `network: ${String((err.error as Error)?.message ?? err.error)}`;
  return err instanceof Error ? err.message : String(err);
}

/** What Telegram's description means for the operator who is told (views put it into words). */
export function failureOf(err: GrammyError): Failure {
  const d = err.description;
  if (/blocked by the user/i.test(d)) return { reason: "blocked", description: d };
  if (/can't initiate conversation/i.test(d)) return { reason: "never_started", description: d };
  if (/message is too long/i.test(d)) return { reason: "too_long", description: d };
  if (/caption is too long/i.test(d)) return { reason: "caption_too_long", description: d };
  if (/message to copy not found/i.test(d)) return { reason: "source_gone", description: d };
  // Telegram Business: the client's 24 hours are over; the connection is gone, off or may not reply; a kind
  // the console cannot send again (decided in business-send.ts).
  if (/BUSINESS_PEER_USAGE_MISSING/.test(d)) return { reason: "business_window", description: d };
  if (/business connection|BUSINESS_CONNECTION|BOT_ACCESS_FORBIDDEN/i.test(d)) return { reason: "business_off", description: d };
  if (/NOT_RESENDABLE/.test(d)) return { reason: "not_resendable", description: d };
  return { reason: "refused", description: d };
}
