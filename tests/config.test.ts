import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";

const base = { BOT_TOKEN: `123456:${"A".repeat(35)}` };
const secret = "s".repeat(20);

describe("polling and webhook configuration", () => {
  it("gives a webhook configuration its URL and secret", () => {
    const config = loadConfig({ ...base, BOT_MODE: "webhook", WEBHOOK_URL: "https://example.com/hook", WEBHOOK_SECRET: secret });
    expect(config).toMatchObject({ BOT_MODE: "webhook", WEBHOOK_URL: "https://example.com/hook", WEBHOOK_SECRET: secret });
  });

  it("leaves webhook settings out of a polling configuration", () => {
    const config = loadConfig({ ...base, WEBHOOK_URL: "https://example.com/hook", WEBHOOK_SECRET: secret });
    expect(config.BOT_MODE).toBe("polling");
    expect(config).not.toHaveProperty("WEBHOOK_URL");
    expect(config).not.toHaveProperty("WEBHOOK_SECRET");
  });

  it("names both missing webhook settings, and only the bad variable when another one is wrong", () => {
    expect(() => loadConfig({ ...base, BOT_MODE: "webhook" })).toThrow(
      new ConfigError(
        "WEBHOOK_URL is required with BOT_MODE=webhook: the public https:// URL Telegram posts updates to\n" +
          "WEBHOOK_SECRET is required with BOT_MODE=webhook: generate one with `openssl rand -hex 32`",
      ),
    );
    expect(() => loadConfig({ ...base, BOT_MODE: "webhook", WEBHOOK_URL: "https://example.com/hook" })).toThrow(
      new ConfigError("WEBHOOK_SECRET is required with BOT_MODE=webhook: generate one with `openssl rand -hex 32`"),
    );
    expect(() => loadConfig({ ...base, BOT_MODE: "webhook", HTTP_PORT: "x" })).toThrow(
      new ConfigError("HTTP_PORT must be a port number such as 8080"),
    );
  });
});
