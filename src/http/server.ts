import { OpenAPIHono } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import { type ApiDeps, apiRoutes } from "./api.js";
import { bearer } from "./auth.js";
import { API_BODY_LIMIT, limitBody, requireJson, requireUpdate, telegramSecret, WEBHOOK_BODY_LIMIT } from "./body.js";
import { API_PREFIX, openApiDocument } from "./openapi.js";
import { healthRoute } from "./routes.js";

export interface HttpOptions extends ApiDeps {
  /** Enables the integration API under /api; without it only /healthz (and the webhook) answer. */
  apiToken?: string | undefined;
  /**
   * Telegram's webhook: the path it posts to, the secret it sends back, and the handler (grammY's webhookCallback,
   * which checks the secret again).
   */
  // biome-ignore lint/suspicious/noExplicitAny: grammY's Hono adapter types the context it takes as any
  webhook?: { path: string; secretToken?: string | undefined; handler: (c: any) => Promise<Response> } | undefined;
}

/** One HTTP server for the API, the health check and, in webhook mode, Telegram's updates. */
export function createHttpApp(o: HttpOptions): OpenAPIHono {
  const app = new OpenAPIHono();
  app.openapi(healthRoute, (c) => {
    // A console that cannot read its database stores nothing; monitoring should hear of it.
    try {
      o.db.get(sql`select 1`);
    } catch (err) {
      return c.json({ error: "database unavailable", message: err instanceof Error ? err.message : String(err) }, 503);
    }
    return c.json({ ok: true as const }, 200);
  });
  if (o.webhook) {
    // Who is asking first, then what they send: a stranger gets 401 whatever the body.
    const { path, secretToken, handler } = o.webhook;
    app.post(path, telegramSecret(secretToken), requireJson(), limitBody(WEBHOOK_BODY_LIMIT), requireUpdate(), (c) => handler(c));
  }
  if (o.apiToken) {
    const document = openApiDocument();
    app.use(`${API_PREFIX}/*`, bearer(o.apiToken), requireJson(), limitBody(API_BODY_LIMIT));
    app.use("/openapi.json", bearer(o.apiToken));
    app.get("/openapi.json", (c) => c.json(document));
    app.route(API_PREFIX, apiRoutes(o));
  }
  // Unknown paths say nothing about what exists.
  app.notFound((c) => c.json({ error: "not found" }, 404));
  return app;
}
