import type { z } from "@hono/zod-openapi";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { lintOpenApi } from "../scripts/lint-api.js";
import { openDatabase } from "../src/db/client.js";
import { API_PREFIX, documentHead, openApiDocument } from "../src/http/openapi.js";
import { apiRouteList, healthRoute } from "../src/http/routes.js";
import { createHttpApp } from "../src/http/server.js";
import { createGroup } from "../src/rules/groups.js";
import { claim, setResponsibleEnabled } from "../src/rules/responsibles.js";
import { consoleForEachTest, tempDir } from "./support/console.js";
import { serveApi } from "./support/http.js";
import { addOperator } from "./support/team.js";

const TOKEN = "integration-token-0123456789abcdef";
const ADA = 100;
const ANN = 101;
const BEN = 102;

describe("the OpenAPI document", () => {
  it("passes redocly lint (recommended-strict) without a single finding", () => {
    const { status, output } = lintOpenApi("json");
    const result = JSON.parse(output) as { totals: unknown; problems: unknown[] };
    expect(result.problems).toEqual([]);
    expect(result.totals).toEqual({ errors: 0, warnings: 0, ignored: 0 });
    expect(status).toBe(0);
  });

  it("describes exactly the routes the server serves", () => {
    const app = createHttpApp({ db: undefined as never, clock: Date.now, kickDelivery: () => {}, apiToken: TOKEN });
    const served = app.getOpenAPI31Document(documentHead);
    const document = openApiDocument();
    expect(served.paths).toEqual(document.paths);
    expect(served.components?.schemas).toEqual(document.components?.schemas);
  });
});

describe("every answer matches its schema in the document", () => {
  const t = consoleForEachTest();
  let server: Awaited<ReturnType<typeof serveApi>>;
  beforeEach(async () => {
    addOperator(t.app.db, t.fake.user(ADA, "Ada"), { role: "admin" });
    addOperator(t.app.db, t.fake.user(ANN, "Ann"));
    addOperator(t.app.db, t.fake.user(BEN, "Ben"), { availability: "online", lastSeenOnlineAt: Date.now() });
    server = await serveApi(t.app, TOKEN);
  });
  afterEach(() => server.close());

  /** The response schemas the document was generated from, by method, documented path and status. */
  const schemas = new Map<string, z.ZodType>();
  for (const route of [...apiRouteList.map((r) => ({ ...r, path: API_PREFIX + r.path })), healthRoute]) {
    for (const [status, response] of Object.entries(route.responses)) {
      const schema = (response as { content?: Record<string, { schema: z.ZodType }> }).content?.["application/json"]?.schema;
      if (schema) schemas.set(`${route.method.toUpperCase()} ${route.path} ${status}`, schema);
    }
  }

  const seen = new Set<string>();
  async function call(method: string, path: string, documented: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(server.base + path, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json", ...headers },
      ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
    });
    const json: unknown = await res.json();
    const key = `${method} ${documented} ${res.status}`;
    const schema = schemas.get(key);
    expect(schema, `${key} is not documented`).toBeDefined();
    const parsed = schema!.safeParse(json);
    expect(parsed.error, `${key}: ${JSON.stringify(json)}`).toBeUndefined();
    // Parsing drops what the schema does not know, so an undocumented field shows up as a difference.
    expect(parsed.data, `${key} has fields the document does not describe`).toEqual(json);
    seen.add(key);
    return json as any;
  }

  it("for chats, operators, reports, health and every error", async () => {
    for (let i = 0; i < 2; i++) t.fake.send(t.fake.user(500 + i, `Client${i}`), { text: `hi ${i}` });
    t.fake.send(t.fake.user(600, "Gus"), { text: "group hello" }, { chat: { id: -100777, type: "supergroup", title: "Partners" } as any });
    await t.fake.until(() => (t.app.db.$client.prepare("select count(*) n from chats").get() as { n: number }).n === 3);
    claim(t.app.db, 1, ANN, t.app.deps.clock);
    const group = createGroup(t.app.db, ADA, { name: "Sales", algorithm: "round_robin", members: [ANN, BEN] }, t.app.deps.clock);
    if (!group.ok) throw new Error(group.reason);
    const chats = "/api/chats";
    const chat = "/api/chats/{id}";
    const responsible = "/api/chats/{id}/responsible";

    await call("GET", "/api/chats?limit=1", chats);
    await call("GET", "/api/chats?status=shut", chats);
    const wrong = { authorization: "Bearer wrong" };
    await call("GET", "/api/chats", chats, undefined, wrong);
    await call("GET", "/api/chats/1", chat, undefined, wrong);
    await call("PUT", "/api/chats/1/responsible", responsible, { operatorId: ANN }, wrong);
    await call("GET", "/api/operators", "/api/operators", undefined, wrong);
    await call("GET", "/api/reports", "/api/reports", undefined, wrong);
    const one = await call("GET", "/api/chats/1", chat);
    await call("GET", "/api/chats/999", chat);
    await call("PUT", "/api/chats/2/responsible", responsible, { groupId: group.group.id });
    await call("PUT", "/api/chats/2/responsible", responsible, { operatorId: null, expectedResponsibleId: null });
    await call("PUT", "/api/chats/3/responsible", responsible, { operatorId: ANN });
    expect(setResponsibleEnabled(t.app.db, 2, false, ADA, t.app.deps.clock).ok).toBe(true);
    await call("PUT", "/api/chats/2/responsible", responsible, { operatorId: ANN });
    await call("PUT", "/api/chats/1/responsible", responsible, { operatorId: BEN }, { "if-match": `"${one.version - 1}"` });
    await call("PUT", "/api/chats/1/responsible", responsible, { operatorId: ANN }, { "if-match": `"${one.version}"` });
    await call("PUT", "/api/chats/1/responsible", responsible, { operatorId: 424242 });
    await call("PUT", "/api/chats/1/responsible", responsible, { who: 1 });
    await call("PUT", "/api/chats/1/responsible", responsible, "{not json");
    await call("PUT", "/api/chats/1/responsible", responsible, { operatorId: ANN, padding: "x".repeat(128 * 1024) });
    await call("PUT", "/api/chats/1/responsible", responsible, { operatorId: ANN }, { "content-type": "text/plain" });
    await call("GET", "/api/operators", "/api/operators");
    await call("GET", "/api/reports", "/api/reports");
    await call("GET", "/api/reports?from=yesterday", "/api/reports");
    const notes = "/api/chats/{id}/notes";
    await call("POST", "/api/chats/1/notes", notes, { text: "refund promised" });
    await call("POST", "/api/chats/1/notes", notes, { text: "" });
    await call("POST", "/api/chats/999/notes", notes, { text: "x" });
    await call("POST", "/api/chats/1/notes", notes, { text: "x" }, wrong);
    await call("POST", "/api/chats/1/notes", notes, { text: "x".repeat(128 * 1024) });
    await call("POST", "/api/chats/1/notes", notes, { text: "x" }, { "content-type": "text/plain" });
    await call("GET", "/api/chats/1/notes", notes);
    await call("GET", "/api/chats/999/notes", notes);
    await call("GET", "/api/chats/1/notes", notes, undefined, wrong);
    await call("GET", "/api/search?q=hi", "/api/search");
    await call("GET", "/api/search?q=hi&limit=1", "/api/search");
    await call("GET", "/api/search?q=***", "/api/search");
    await call("GET", "/api/search?q=hi", "/api/search", undefined, wrong);
    await call("GET", "/healthz", "/healthz");

    // Every documented answer was produced at least once, except a database that cannot be read (below).
    expect([...schemas.keys()].filter((key) => !seen.has(key))).toEqual(["GET /healthz 503"]);
  });
});

describe("/healthz", () => {
  it("answers 503 when the database cannot be read, as documented", async () => {
    const dir = tempDir();
    const db = openDatabase(`${dir.path}/closed.sqlite`);
    const app = createHttpApp({ db, clock: Date.now, kickDelivery: () => {} });
    expect((await app.request("/healthz")).status).toBe(200);
    db.$client.close();
    const res = await app.request("/healthz");
    const body = await res.json();
    expect({ status: res.status, body }).toMatchObject({ status: 503, body: { error: "database unavailable" } });
    expect(healthRoute.responses[503].content["application/json"].schema.parse(body)).toEqual(body);
    dir.remove();
  });
});
