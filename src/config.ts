import { z } from "zod";

const levels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const schema = z.object({
  BOT_TOKEN: z
    .string({ error: "BOT_TOKEN is missing: create a bot with @BotFather in Telegram and put its token in .env as BOT_TOKEN=123456:ABC..." })
    .trim()
    .regex(/^\d+:[A-Za-z0-9_-]{30,}$/, {
      error: "BOT_TOKEN is malformed: it should look like 123456789:AAE... as @BotFather gives it (digits, a colon, then at least 30 letters, digits, - or _)",
    }),
  BOT_API_ROOT: z
    .url({ error: "BOT_API_ROOT must be a URL such as https://api.telegram.org or http://localhost:8081 for a self-hosted Bot API server" })
    .default("https://api.telegram.org")
    .transform((url) => url.replace(/\/+$/, "")),
  DATABASE_PATH: z.string().min(1, { error: "DATABASE_PATH must not be empty: leave it unset for ./data/console.sqlite" }).default("./data/console.sqlite"),
  ADMIN_IDS: z
    .string()
    .default("")
    .transform((raw, ctx) => {
      const ids: number[] = [];
      for (const part of raw.split(",").map((p) => p.trim()).filter(Boolean)) {
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
  HTTP_HOST: z.string().min(1).default("127.0.0.1"),
  HTTP_PORT: z.coerce
    .number({ error: "HTTP_PORT must be a port number such as 8080" })
    .int({ error: "HTTP_PORT must be a whole number" })
    .min(0, { error: "HTTP_PORT must be between 0 and 65535" })
    .max(65535, { error: "HTTP_PORT must be between 0 and 65535" })
    .default(8080),
  API_TOKEN: z
    .string()
    .min(24, { error: "API_TOKEN must be at least 24 characters: generate one with `openssl rand -hex 32`" })
    .optional(),
  BOT_MODE: z.enum(["polling", "webhook"], { error: "BOT_MODE must be polling (the default) or webhook" }).default("polling"),
  WEBHOOK_URL: z.url({ protocol: /^https?$/, error: "WEBHOOK_URL must be the public https:// URL Telegram posts updates to (http:// only for a self-hosted Bot API server)" }).optional(),
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
}).superRefine((c, ctx) => {
  if (c.BOT_MODE !== "webhook") return;
  if (!c.WEBHOOK_URL) ctx.addIssue({ code: "custom", message: "WEBHOOK_URL is required with BOT_MODE=webhook: the public https:// URL Telegram posts updates to" });
  if (!c.WEBHOOK_SECRET) ctx.addIssue({ code: "custom", message: "WEBHOOK_SECRET is required with BOT_MODE=webhook: generate one with `openssl rand -hex 32`" });
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {}

/** Validates the environment once; the error names each bad variable and how to fix it, never its value. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(cleaned);
  if (parsed.success) return parsed.data;
  throw new ConfigError(parsed.error.issues.map((issue) => issue.message).join("\n"));
}
