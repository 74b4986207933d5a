import { OpenAPIHono } from "@hono/zod-openapi";
import { API_BODY_LIMIT } from "./body.js";
import { apiRouteList, healthRoute } from "./routes.js";

/** Where the API lives under the server; the routes' own paths are relative to it. */
export const API_PREFIX = "/api";

/** The document's head: what the routes cannot say about themselves. */
export const documentHead: Parameters<OpenAPIHono["getOpenAPI31Document"]>[0] = {
  openapi: "3.1.0",
  info: {
    title: "Operator console API",
    version: "1.2.0",
    description:
      "Chats, responsibles, operators and reports. Every request needs Authorization: Bearer <API_TOKEN>. " +
      `Request bodies are JSON (Content-Type: application/json, else 415) of at most ${API_BODY_LIMIT} bytes (else 413).`,
  },
  // Relative to where the document was fetched: the console's HTTP_HOST:HTTP_PORT, or the proxy in front of it.
  servers: [{ url: "/", description: "The server that served this document" }],
  security: [{ bearer: [] }],
  tags: [
    { name: "chats", description: "Client chats and their responsibles" },
    { name: "team", description: "Operators" },
    { name: "reports", description: "Performance over a period" },
    { name: "health", description: "For monitoring" },
  ],
};

/**
 * The API described for integrators, served at /openapi.json: generated from the same route definitions and
 * schemas the server validates requests with.
 */
export function openApiDocument() {
  const doc = new OpenAPIHono();
  doc.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer" });
  for (const route of apiRouteList) doc.openAPIRegistry.registerPath({ ...route, path: API_PREFIX + route.path });
  doc.openAPIRegistry.registerPath(healthRoute);
  return doc.getOpenAPI31Document(documentHead);
}
