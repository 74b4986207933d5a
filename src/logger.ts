import pino from "pino";

export type Logger = pino.Logger;

/**
 * Secrets (the bot token, API tokens) must never reach a log line. Redacting known field names is not enough,
 * since a library error can quote a URL, so each finished line is scrubbed of the secrets' text as well.
 */
export function createLogger(level: string, secrets: string[] = [], destination: pino.DestinationStream = pino.destination(1)): Logger {
  const hidden = secrets.filter((s) => s.length >= 8);
  const scrubbing: pino.DestinationStream = {
    write(line: string) {
      let safe = line;
      for (const secret of hidden) safe = safe.replaceAll(secret, "[redacted]");
      destination.write(safe);
    },
  };
  return pino(
    {
      level,
      serializers: { err: errWithoutPayload },
      redact: { paths: ["token", "*.token", "BOT_TOKEN", "*.BOT_TOKEN", "headers.authorization"], censor: "[redacted]" },
    },
    scrubbing,
  );
}

/**
 * A failed Bot API call (GrammyError) carries the request's payload, which holds the relayed text of a client or
 * an operator: those words are not for logs. The method, code and Telegram's description stay.
 */
function errWithoutPayload(err: unknown): unknown {
  const out = pino.stdSerializers.err(err as Error) as unknown as Record<string, unknown>;
  if (out && typeof out === "object" && "payload" in out) delete out.payload;
  return out;
}
