import { Hono } from "hono";
import { type ApiDeps, apiRoutes } from "./api.js";
import { bearer } from "./auth.js";
import { openApiDocument } from "./openapi.js";

export interface HttpOptions extends ApiDeps {
  /** Enables the integration API under /api; without it only /healthz (and the webhook) answer. */
  apiToken?: string | undefined;
  /** Telegram's webhook: the path it posts to and the handler (grammY's webhookCallback, which checks the secret). */
  webhook?: { path: string; handler: (c: any) => Promise<Response> } | undefined;
}

/** One HTTP server for the API, the health check and, in webhook mode, Telegram's updates. */
export function createHttpApp(o: HttpOptions): Hono {
  const app = new Hono();
  app.get("/healthz", (c) => c.json({ ok: true }));
  if (o.webhook) app.post(o.webhook.path, (c) => o.webhook!.handler(c));
  if (o.apiToken) {
    app.use("/api/*", bearer(o.apiToken));
    app.use("/openapi.json", bearer(o.apiToken));
    app.get("/openapi.json", (c) => c.json(openApiDocument));
    app.route("/api", apiRoutes(o));
  }
  // Unknown paths say nothing about what exists.
  app.notFound((c) => c.json({ error: "not found" }, 404));
  return app;
}
