import { serve } from "@hono/node-server";
import { type AddressInfo, connect, createServer } from "node:net";
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

export interface RawRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** Body pieces written in order; with `chunked` each becomes one chunk of a chunked body. */
  body: Array<string | Buffer>;
  chunked?: boolean;
  /** false leaves the body unfinished (the request never ends), to see whether the server answers anyway. */
  finish?: boolean;
}

/**
 * One request over a bare socket, so a test controls what fetch cannot: a Content-Length that the body never
 * reaches, a chunked body that never ends. Resolves with the status and body of the answer; rejects if none
 * comes while the connection stays open for `patienceMs`.
 */
export function rawRequest(base: string, req: RawRequest, patienceMs = 10_000): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let received = "";
    const give = (fn: () => void) => {
      clearTimeout(timer);
      socket.destroy();
      fn();
    };
    const timer = setTimeout(
      () => give(() => reject(new Error(`no answer to ${req.method} ${req.path} while its body was still coming`))),
      patienceMs,
    );
    socket.on("error", (err) => give(() => reject(err)));
    socket.on("data", (d) => {
      received += d.toString("latin1");
      const head = received.indexOf("\r\n\r\n");
      if (head < 0) return;
      const length = /\r\ncontent-length: *(\d+)/i.exec(received.slice(0, head));
      const body = received.slice(head + 4);
      if (length && Buffer.byteLength(body, "latin1") < Number(length[1])) return;
      give(() => resolve({ status: Number(received.slice(9, 12)), body: Buffer.from(body, "latin1").toString("utf8") }));
    });
    const lines = [
      `${req.method} ${req.path} HTTP/1.1`,
      `Host: ${hostname}:${port}`,
      ...Object.entries(req.headers).map(([k, v]) => `${k}: ${v}`),
    ];
    if (req.chunked) lines.push("Transfer-Encoding: chunked");
    socket.write(`${lines.join("\r\n")}\r\n\r\n`);
    const write = (piece: string | Buffer) =>
      new Promise<void>((done) => {
        if (socket.destroyed) return done();
        const data = Buffer.from(piece);
        const framed = req.chunked ? Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from("\r\n")]) : data;
        socket.write(framed, () => done());
      });
    void (async () => {
      for (const piece of req.body) await write(piece);
      if (req.finish !== false && req.chunked && !socket.destroyed) socket.write("0\r\n\r\n");
    })();
  });
}

/** A loopback port free right now, for a process under test to listen on. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}
