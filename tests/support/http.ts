import { serve } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { createHttpApp } from "../../src/http/server.js";
import type { RunningConsole } from "./console.js";

/** The console's HTTP API for a running test console, on an ephemeral loopback port. */
export async function serveApi(app: RunningConsole, apiToken: string): Promise<{ base: string; close(): Promise<void> }> {
  const http = createHttpApp({ db: app.db, clock: app.deps.clock, kickDelivery: app.deps.kickDelivery, apiToken, random: app.deps.random });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: http.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(s));
  });
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
