import { type Agent, type IncomingMessage, request as httpRequest, type RequestOptions } from "node:http";
import { request as httpsRequest } from "node:https";
import type { Readable } from "node:stream";
import { Api } from "grammy";

/** What grammY's ApiClient passes to its fetch: a JSON body (a string) or a multipart upload (a stream). */
interface FetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Readable;
  signal?: AbortSignal;
  agent?: Agent;
}

/** The part of a fetch answer grammY reads. */
interface FetchAnswer {
  json(): Promise<unknown>;
}

/** Each method's URL, parsed once: a handful of Bot API methods, each called thousands of times. */
const targets = new Map<string, RequestOptions>();

function target(url: string | URL): RequestOptions {
  const key = String(url);
  let options = targets.get(key);
  if (!options) {
    const u = new URL(key);
    options = { protocol: u.protocol, hostname: u.hostname, port: u.port || undefined, path: `${u.pathname}${u.search}` };
    if (targets.size < 1000) targets.set(key, options);
  }
  return options;
}

/**
 * A fetch for grammY's ApiClient straight over Node's http(s) module, on the keep-alive agent grammY chooses.
 * node-fetch, grammY's own, builds a Request, Headers and a body stream for every call and reads the answer
 * through another: for the delivery worker, one call per message sent, that was a fifth of a send's cost. Errors
 * come out as from any fetch (a refused or dropped connection, an abort, an answer that is not JSON), and grammY
 * turns them into its HttpError as before; Telegram's own refusals are JSON and become GrammyErrors as before.
 */
export function lightFetch(url: string | URL, init: FetchInit = {}): Promise<FetchAnswer> {
  return new Promise((resolve, reject) => {
    const where = target(url);
    const body = typeof init.body === "string" ? Buffer.from(init.body) : undefined;
    const headers = body ? { ...init.headers, "content-length": String(body.length) } : init.headers;
    const send = where.protocol === "https:" ? httpsRequest : httpRequest;
    const req = send(
      { ...where, method: init.method ?? "GET", headers, agent: init.agent, signal: init.signal },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", reject);
        res.on("close", () => {
          if (!res.complete) reject(new Error("the connection closed before the whole answer arrived"));
        });
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({ json: async () => JSON.parse(text) });
        });
      },
    );
    req.on("error", reject);
    if (body) req.end(body);
    else if (init.body && typeof init.body !== "string") {
      init.body.on("error", (err) => req.destroy(err));
      init.body.pipe(req);
    } else req.end();
  });
}

/** The delivery worker's Api: no retrying transformer (the worker classifies failures itself), the light fetch. */
export function deliveryApi(token: string, apiRoot: string, timeoutSeconds: number): Api {
  return new Api(token, { apiRoot, timeoutSeconds, fetch: lightFetch as unknown as typeof fetch });
}
