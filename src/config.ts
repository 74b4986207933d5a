import { dirname, join } from "node:path";
import { z } from "zod";
import { SUPPORTED_LOCALES } from "./views/i18n.js";

const levels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const schema = z.object({
  BOT_TOKEN: z
    .string({
      error: "BOT_TOKEN is missing: create a bot with @BotFather in Telegram and put its token in .env as BOT_TOKEN=123456:ABC...",
    })
    .trim()
    .regex(/^\d+:[A-Za-z0-9_-]{30,}$/, {
      error:
        "BOT_TOKEN is malformed: it should look like 123456789:AAE... as @BotFather gives it (digits, a colon, then at least 30 letters, digits, - or _)",
    }),
  BOT_API_ROOT: z
    .url({ error: "BOT_API_ROOT must be a URL such as https://api.telegram.org or http://localhost:8081 for a self-hosted Bot API server" })
    .default("https://api.telegram.org")
    .transform((url) => url.replace(/\/+$/, "")),
  DATABASE_PATH: z
    .string()
    .min(1, { error: "DATABASE_PATH must not be empty: leave it unset for ./data/console.sqlite" })
    .default("./data/console.sqlite"),
  ADMIN_IDS: z
    .string()
    .default("")
    .transform((raw, ctx) => {
      const ids: number[] = [];
      for (const part of raw
        .split(",")
        .map((p) => p.trim())
        .filter(Boolean)) {
        if (!/^\d{1,16}$/.test(part) || Number(part) <= 0) {
          ctx.addIssue({
            code: "custom",
            message: `ADMIN_IDS has "${part}", which is not a Telegram user id: use comma-separated numeric ids, e.g. ADMIN_IDS=123456789,987654321 (ask @userinfobot for yours)`,
          });
          return z.NEVER;
        }
        ids.push(Number(part));
      }
      return ids;
    }),
  LOG_LEVEL: z.enum(levels, { error: `LOG_LEVEL must be one of ${levels.join(", ")}` }).default("info"),
  DEFAULT_LOCALE: z
    .enum(SUPPORTED_LOCALES, {
      error: `DEFAULT_LOCALE must be one of ${SUPPORTED_LOCALES.join(", ")}: the language for people whose own the console does not speak`,
    })
    .default("en"),
  HTTP_HOST: z.string().min(1).default("127.0.0.1"),
  HTTP_PORT: z.coerce
    .number({ error: "HTTP_PORT must be a port number such as 8080" })
    .int({ error: "HTTP_PORT must be a whole number" })
    .min(0, { error: "HTTP_PORT must be between 0 and 65535" })
    .max(65535, { error: "HTTP_PORT must be between 0 and 65535" })
    .default(8080),
  API_TOKEN: z.string().min(24, { error: "API_TOKEN must be at least 24 characters: generate one with `openssl rand -hex 32`" }).optional(),
  INBOX_MODE: z
    .enum(["auto", "threads", "stream"], {
      error:
        "INBOX_MODE must be auto (the default: a topic per client chat when the bot has threaded mode in @BotFather), threads or stream",
    })
    .default("auto"),
  BOT_MODE: z.enum(["polling", "webhook"], { error: "BOT_MODE must be polling (the default) or webhook" }).default("polling"),
  WEBHOOK_URL: z
    .url({
      protocol: /^https?$/,
      error: "WEBHOOK_URL must be the public https:// URL Telegram posts updates to (http:// only for a self-hosted Bot API server)",
    })
    .optional(),
  WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,256}$/, { error: "WEBHOOK_SECRET must be 16 to 256 characters of A-Z, a-z, 0-9, _ and -" })
    .optional(),
  SEND_RATE_PER_SECOND: z.coerce
    .number({ error: "SEND_RATE_PER_SECOND must be a number of messages a second" })
    .positive({ error: "SEND_RATE_PER_SECOND must be above 0" })
    .default(30),
  SEND_RATE_PER_CHAT: z.coerce
    .number({ error: "SEND_RATE_PER_CHAT must be a number of messages a second" })
    .positive({ error: "SEND_RATE_PER_CHAT must be above 0" })
    .default(1),
  BACKUP_DIR: z.string().min(1).optional(),
  BACKUP_EVERY: z
    .string()
    .default("24h")
    .transform((raw, ctx) => {
      const value = raw.trim().toLowerCase();
      if (value === "off") return null;
      const match = /^(\d+)\s*(s|m|h|d)$/.exec(value);
      const ms = match ? Number(match[1]) * { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as "s" | "m" | "h" | "d"] : 0;
      if (ms <= 0) {
        ctx.addIssue({
          code: "custom",
          message: "BACKUP_EVERY must be a period such as 24h, 6h, 30m or 1d, or off to take no scheduled backups",
        });
        return z.NEVER;
      }
      return ms;
    }),
  BACKUP_KEEP: z.coerce
    .number({ error: "BACKUP_KEEP must be a number of backups to keep, e.g. 7" })
    .int({ error: "BACKUP_KEEP must be a whole number" })
    .min(1, { error: "BACKUP_KEEP must be at least 1" })
    .default(7),
});

type Common = Omit<z.infer<typeof schema>, "BOT_MODE" | "WEBHOOK_URL" | "WEBHOOK_SECRET" | "BACKUP_DIR"> & { BACKUP_DIR: string };
/** Long polling needs nothing more; a webhook needs its URL and secret, so code holding one has both. */
export type Config = Common & ({ BOT_MODE: "polling" } | { BOT_MODE: "webhook"; WEBHOOK_URL: string; WEBHOOK_SECRET: string });

const withDefaults = schema.transform((c, ctx): Config => {
  const { BOT_MODE, WEBHOOK_URL, WEBHOOK_SECRET, ...rest } = c;
  // Backups go next to the database by default, so a team that moved DATABASE_PATH onto a volume keeps them there too.
  const common = { ...rest, BACKUP_DIR: rest.BACKUP_DIR ?? join(dirname(rest.DATABASE_PATH), "backups") };
  // The webhook settings are ignored in polling mode (they may stay in .env while switching back and forth).
  if (BOT_MODE === "polling") return { ...common, BOT_MODE };
  if (!WEBHOOK_URL)
    ctx.addIssue({
      code: "custom",
      message: "WEBHOOK_URL is required with BOT_MODE=webhook: the public https:// URL Telegram posts updates to",
    });
  if (!WEBHOOK_SECRET)
    ctx.addIssue({ code: "custom", message: "WEBHOOK_SECRET is required with BOT_MODE=webhook: generate one with `openssl rand -hex 32`" });
  if (!WEBHOOK_URL || !WEBHOOK_SECRET) return z.NEVER;
  return { ...common, BOT_MODE, WEBHOOK_URL, WEBHOOK_SECRET };
});

export class ConfigError extends Error {}

/** Validates the environment once; the error names each bad variable and how to fix it, never its value. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = withDefaults.safeParse(cleaned);
  if (parsed.success) return parsed.data;
  throw new ConfigError(parsed.error.issues.map((issue) => issue.message).join("\n"));
}
