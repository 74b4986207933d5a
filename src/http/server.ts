import { Hono } from "hono";
import { type ApiDeps, apiRoutes } from "./api.js";
import { bearer } from "./auth.js";
import { API_BODY_LIMIT, limitBody, requireJson, requireUpdate, telegramSecret, WEBHOOK_BODY_LIMIT } from "./body.js";
import { openApiDocument } from "./openapi.js";

export interface HttpOptions extends ApiDeps {
  /** Enables the integration API under /api; without it only /healthz (and the webhook) answer. */
  apiToken?: string | undefined;
  /**
   * Telegram's webhook: the path it posts to, the secret it sends back, and the handler (grammY's webhookCallback,
   * which checks the secret again).
   */
  webhook?: { path: string; secretToken?: string | undefined; handler: (c: any) => Promise<Response> } | undefined;
}

/** One HTTP server for the API, the health check and, in webhook mode, Telegram's updates. */
export function createHttpApp(o: HttpOptions): Hono {
  const app = new Hono();
  app.get("/healthz", (c) => c.json({ ok: true }));
  if (o.webhook) {
    // Who is asking first, then what they send: a stranger gets 401 whatever the body.
    const { path, secretToken, handler } = o.webhook;
    app.post(path, telegramSecret(secretToken), requireJson(), limitBody(WEBHOOK_BODY_LIMIT), requireUpdate(), (c) => handler(c));
  }
  if (o.apiToken) {
    app.use("/api/*", bearer(o.apiToken), requireJson(), limitBody(API_BODY_LIMIT));
    app.use("/openapi.json", bearer(o.apiToken));
    app.get("/openapi.json", (c) => c.json(openApiDocument));
    app.route("/api", apiRoutes(o));
  }
  // Unknown paths say nothing about what exists.
  app.notFound((c) => c.json({ error: "not found" }, 404));
  return app;
}
