import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getChat } from "../src/rules/chats.js";
import { createGroup } from "../src/rules/groups.js";
import { claim } from "../src/rules/responsibles.js";
import { consoleForEachTest } from "./support/console.js";
import { rawRequest, serveApi } from "./support/http.js";
import { addOperator } from "./support/team.js";

let server: Awaited<ReturnType<typeof serveApi>>;
let base = "";
const TOKEN = "integration-token-0123456789abcdef";
const ADA = 100;
const ANN = 101;
const BEN = 102;

const t = consoleForEachTest();

beforeEach(async () => {
  addOperator(t.app.db, t.fake.user(ADA, "Ada"), { role: "admin" });
  addOperator(t.app.db, t.fake.user(ANN, "Ann"));
  addOperator(t.app.db, t.fake.user(BEN, "Ben"), { availability: "online", lastSeenOnlineAt: Date.now() });
  server = await serveApi(t.app, TOKEN);
  base = server.base;
});

afterEach(async () => {
  await server.close();
});

async function call(method: string, path: string, body?: unknown, token: string | null = TOKEN) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const res = await fetch(base + path, {
    method,
    headers,
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as any };
}

async function chats(n: number) {
  for (let i = 0; i < n; i++) t.fake.send(t.fake.user(500 + i, `Client${i}`), { text: `hi ${i}` });
  await t.fake.until(() => (t.app.db.$client.prepare("select count(*) n from chats").get() as { n: number }).n === n);
}

describe("authentication", () => {
  it("answers 401 and nothing more without the right bearer token, on every endpoint", async () => {
    await chats(1);
    const endpoints: Array<[string, string, unknown?]> = [
      ["GET", "/api/chats"],
      ["GET", "/api/chats/1"],
      ["GET", "/api/chats/999"],
      ["PUT", "/api/chats/1/responsible", { operatorId: ANN }],
      ["GET", "/api/operators"],
      ["GET", "/api/reports"],
      ["GET", "/api/nothing-here"],
      ["GET", "/openapi.json"],
    ];
    for (const [method, path, body] of endpoints) {
      for (const token of [null, "wrong-token", `${TOKEN}x`]) {
        const res = await call(method, path, body, token);
        expect(res, `${method} ${path} with ${token}`).toEqual({ status: 401, body: { error: "unauthorized" } });
      }
    }
    expect(getChat(t.app.db, 1)?.responsibleId).toBeNull();
    expect(await call("GET", "/healthz", undefined, null)).toEqual({ status: 200, body: { ok: true } });
  });
});

describe("chats", () => {
  it("lists with filters and a cursor", async () => {
    await chats(5);
    claim(t.app.db, 2, ANN, t.app.deps.clock);
    const first = await call("GET", "/api/chats?limit=3");
    expect(first.status).toBe(200);
    expect(first.body.chats.map((c: any) => c.id)).toEqual([5, 4, 3]);
    const second = await call("GET", `/api/chats?limit=3&cursor=${first.body.nextCursor}`);
    expect(second.body.chats.map((c: any) => c.id)).toEqual([2, 1]);
    expect(second.body.nextCursor).toBeNull();
    expect((await call("GET", `/api/chats?responsible=${ANN}`)).body.chats.map((c: any) => c.id)).toEqual([2]);
    expect((await call("GET", "/api/chats?responsible=none")).body.chats).toHaveLength(4);
    expect((await call("GET", "/api/chats?status=closed")).body.chats).toHaveLength(0);
    expect(await call("GET", "/api/chats?status=shut")).toMatchObject({ status: 400, body: { field: "status" } });
    expect(await call("GET", "/api/chats?cursor=zzz")).toMatchObject({ status: 400, body: { field: "cursor" } });
  });

  it("assigns like the menu does: the card shows it, the operator is told, the record says API", async () => {
    await chats(1);
    const annCard = await t.fake.until(() => t.fake.botMessages(ANN).find((s) => s.message.text?.startsWith("💬 #1")));
    const res = await call("PUT", "/api/chats/1/responsible", { operatorId: ANN });
    expect(res).toMatchObject({ status: 200, body: { id: 1, responsible: { id: ANN, name: "Ann" } } });
    await t.fake.until(() => t.fake.world.find(ANN, annCard.message.message_id)!.message.text?.includes("Responsible: you"));
    await t.fake.until(() =>
      t.fake.botMessages(ANN).some((s) => s.message.text === "📌 an integration made you responsible for #1 Client0."),
    );
    const detail = await call("GET", "/api/chats/1");
    expect(detail.body.assignments).toEqual([
      expect.objectContaining({ fromOperatorId: null, toOperatorId: ANN, byOperatorId: null, how: "api" }),
    ]);

    // To a group: its algorithm picks the available member.
    const group = createGroup(t.app.db, ADA, { name: "Sales", algorithm: "round_robin", members: [ANN, BEN] }, t.app.deps.clock);
    if (!group.ok) throw new Error("group");
    expect(await call("PUT", "/api/chats/1/responsible", { groupId: group.group.id })).toMatchObject({
      status: 200,
      body: { responsible: { id: BEN } },
    });
    await t.fake.until(() =>
      t.fake.botMessages(ANN).some((s) => s.message.text?.includes("took #1 Client0 from you: Ben is responsible now")),
    );
    expect(await call("PUT", "/api/chats/1/responsible", { operatorId: null })).toMatchObject({ status: 200, body: { responsible: null } });
  });

  it("answers 404, 409 and 400 as documented, changing nothing", async () => {
    await chats(1);
    t.fake.send(t.fake.user(600, "Gus"), { text: "group hello" }, { chat: { id: -100777, type: "supergroup", title: "Partners" } as any });
    await t.fake.until(() => getChat(t.app.db, 2));
    expect(await call("GET", "/api/chats/999")).toEqual({ status: 404, body: { error: "chat not found" } });
    expect(await call("PUT", "/api/chats/999/responsible", { operatorId: ANN })).toEqual({
      status: 404,
      body: { error: "chat not found" },
    });
    expect(await call("PUT", "/api/chats/1/responsible", { operatorId: 424242 })).toEqual({
      status: 404,
      body: { error: "operator not found" },
    });
    expect(await call("PUT", "/api/chats/1/responsible", { groupId: 77 })).toEqual({ status: 404, body: { error: "group not found" } });
    expect(await call("PUT", "/api/chats/2/responsible", { operatorId: ANN })).toMatchObject({
      status: 409,
      body: { reason: "group_chat" },
    });
    expect(await call("PUT", "/api/chats/1/responsible", { operatorId: "Ann" })).toMatchObject({
      status: 400,
      body: { field: "operatorId" },
    });
    expect(await call("PUT", "/api/chats/1/responsible", { operatorId: ANN, groupId: 1 })).toMatchObject({
      status: 400,
      body: { field: "operatorId" },
    });
    expect(await call("PUT", "/api/chats/1/responsible", {})).toMatchObject({ status: 400, body: { field: "operatorId" } });
    expect(await call("PUT", "/api/chats/1/responsible", { who: 1 })).toMatchObject({
      status: 400,
      body: { message: expect.stringContaining("who") },
    });
    expect(await call("PUT", "/api/chats/1/responsible", "{not json")).toMatchObject({
      status: 400,
      body: { message: "the body must be JSON" },
    });
    expect(t.app.db.$client.prepare("select count(*) n from assignments").get()).toEqual({ n: 0 });
  });
});

describe("operators, reports and the OpenAPI document", () => {
  it("serves the team, a report and the document", async () => {
    await chats(1);
    claim(t.app.db, 1, ANN, t.app.deps.clock);
    const ops = await call("GET", "/api/operators");
    expect(ops.body.operators.map((o: any) => [o.name, o.role, o.available])).toEqual([
      ["Ada", "admin", false],
      ["Ann", "operator", false],
      ["Ben", "operator", true],
    ]);
    const report = await call("GET", "/api/reports");
    expect(report.body.lines).toEqual([expect.objectContaining({ name: "Ann", assigned: 1 })]);
    expect(await call("GET", "/api/reports?from=yesterday")).toMatchObject({ status: 400, body: { field: "from" } });
    const doc = await call("GET", "/openapi.json");
    expect(doc.body.openapi).toBe("3.1.0");
    expect(Object.keys(doc.body.paths)).toEqual([
      "/api/chats",
      "/api/chats/{id}",
      "/api/chats/{id}/responsible",
      "/api/chats/{id}/notes",
      "/api/operators",
      "/api/reports",
      "/api/search",
      "/healthz",
    ]);
    const put = doc.body.paths["/api/chats/{id}/responsible"].put;
    expect(Object.keys(put.responses)).toEqual(["200", "400", "401", "404", "409", "412", "413", "415"]);
    expect(put.parameters.map((p: any) => p.name)).toEqual(["id", "If-Match"]);
    expect(put.requestBody.content["application/json"].schema.properties).toHaveProperty("expectedResponsibleId");
  });
});

describe("hostile input", () => {
  const auth = { authorization: `Bearer ${TOKEN}` };
  const assignments = () => t.app.db.$client.prepare("select count(*) n from assignments").get();

  it("answers 400 naming the field for a period outside the calendar, backwards, or longer than a year", async () => {
    const cases: Array<[string, string]> = [
      ["to=9000000000000000", "to"],
      ["from=-9e15", "from"],
      ["from=-9000000000000000&to=0", "from"],
      // Only `to` given: the default start, 30 days earlier, falls off the calendar.
      ["to=-8639999999999999", "from"],
      ["from=2026-01-02&to=2026-01-01", "from"],
      ["from=2020-01-01&to=2026-01-01", "from"],
    ];
    for (const [query, field] of cases) {
      expect(await call("GET", `/api/reports?${query}`), query).toMatchObject({ status: 400, body: { error: "invalid request", field } });
    }
    expect(await call("GET", "/api/reports?from=2025-01-01&to=2026-01-01")).toMatchObject({
      status: 200,
      body: { from: "2025-01-01T00:00:00.000Z" },
    });
  });

  it("answers 415 to a body that is not application/json, changing nothing", async () => {
    await chats(1);
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "application/jsonx", ""]) {
      const headers: Record<string, string> = { ...auth };
      if (type) headers["content-type"] = type;
      const res = await fetch(`${base}/api/chats/1/responsible`, { method: "PUT", headers, body: JSON.stringify({ operatorId: ANN }) });
      expect({ type, status: res.status, body: await res.json() }).toMatchObject({
        type,
        status: 415,
        body: { error: "unsupported media type" },
      });
    }
    const withCharset = await fetch(`${base}/api/chats/1/responsible`, {
      method: "PUT",
      headers: { ...auth, "content-type": "Application/JSON; charset=utf-8" },
      body: JSON.stringify({ operatorId: ANN }),
    });
    expect(withCharset.status).toBe(200);
    expect(assignments()).toEqual({ n: 1 });
  });

  it("answers 413 to a body over 64 KB without waiting for the rest of it, changing nothing", async () => {
    await chats(1);
    const big = JSON.stringify({ operatorId: ANN, padding: "x".repeat(2 * 1024 * 1024) });
    expect(await call("PUT", "/api/chats/1/responsible", big)).toMatchObject({ status: 413, body: { error: "request body too large" } });
    const put = { method: "PUT", path: "/api/chats/1/responsible", headers: { ...auth, "content-type": "application/json" } };
    // Announces 100 MB and sends 1 KB: the answer comes from the header alone.
    const announced = await rawRequest(base, {
      ...put,
      headers: { ...put.headers, "content-length": String(100 * 1024 * 1024) },
      body: ["{".padEnd(1024)],
      finish: false,
    });
    expect(announced.status).toBe(413);
    // Chunked, no length: reading stops at the cap, though the body never ends.
    const chunk = "x".repeat(16 * 1024);
    const chunked = await rawRequest(base, { ...put, chunked: true, body: Array(6).fill(chunk), finish: false });
    expect(chunked.status).toBe(413);
    // Under the cap a chunked body is read as usual.
    const small = await rawRequest(base, { ...put, chunked: true, body: ['{"operatorId":', ` ${ANN}}`] });
    expect(small.status).toBe(200);
    expect(assignments()).toEqual({ n: 1 });
  });
});

describe("preconditions on PUT /api/chats/{id}/responsible", () => {
  const auth = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };
  const put = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}/api/chats/1/responsible`, { method: "PUT", headers: { ...auth, ...headers }, body: JSON.stringify(body) }).then(
      async (r) => ({
        status: r.status,
        etag: r.headers.get("etag"),
        body: (await r.json()) as any,
      }),
    );
  const history = () => t.app.db.$client.prepare("select to_operator_id to_id from assignments order by id").all();

  it("serves the chat's version as its ETag and answers 412 to a stale If-Match, changing nothing", async () => {
    await chats(1);
    const read = await fetch(`${base}/api/chats/1`, { headers: auth });
    const etag = read.headers.get("etag");
    const seen = (await read.json()) as any;
    expect(etag).toBe(`"${seen.version}"`);

    claim(t.app.db, 1, BEN, t.app.deps.clock);
    const stale = await put({ operatorId: ANN }, { "if-match": etag! });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({
      reason: "precondition_failed",
      current: { id: 1, responsible: { id: BEN }, version: seen.version + 1 },
    });
    expect(stale.etag).toBe(`"${seen.version + 1}"`);
    expect(getChat(t.app.db, 1)?.responsibleId).toBe(BEN);
    expect(history()).toEqual([{ to_id: BEN }]);

    const fresh = await put({ operatorId: ANN }, { "if-match": stale.etag! });
    expect(fresh).toMatchObject({ status: 200, body: { responsible: { id: ANN } } });
    expect(fresh.etag).toBe(`"${fresh.body.version}"`);
    // Any of a list matches; "*" matches any existing chat; a weak tag never does (If-Match compares strongly).
    expect((await put({ operatorId: BEN }, { "if-match": `"0", ${fresh.etag}` })).status).toBe(200);
    expect((await put({ operatorId: null }, { "if-match": "*" })).status).toBe(200);
    const now = getChat(t.app.db, 1)!;
    expect((await put({ operatorId: ANN }, { "if-match": `W/"${now.version}"` })).status).toBe(412);
    expect(await put({ operatorId: ANN }, { "if-match": "12" })).toMatchObject({ status: 400, body: { field: "If-Match" } });
    expect(history()).toEqual([{ to_id: BEN }, { to_id: ANN }, { to_id: BEN }, { to_id: null }]);
  });

  it("answers 409 when expectedResponsibleId no longer holds, changing nothing", async () => {
    await chats(1);
    claim(t.app.db, 1, BEN, t.app.deps.clock);
    const stale = await put({ operatorId: ANN, expectedResponsibleId: null });
    expect(stale).toMatchObject({ status: 409, body: { reason: "precondition_failed", current: { responsible: { id: BEN } } } });
    expect(await put({ groupId: 1, expectedResponsibleId: ANN })).toMatchObject({ status: 404 });
    expect(history()).toEqual([{ to_id: BEN }]);
    expect(await put({ operatorId: ANN, expectedResponsibleId: BEN })).toMatchObject({ status: 200, body: { responsible: { id: ANN } } });
    expect(await put({ operatorId: null, expectedResponsibleId: "Ben" })).toMatchObject({
      status: 400,
      body: { field: "expectedResponsibleId" },
    });
  });

  it("lets exactly one of many concurrent calls with the same precondition win", async () => {
    await chats(1);
    const version = getChat(t.app.db, 1)!.version;
    const targets = Array.from({ length: 12 }, (_, i) => (i % 2 ? ANN : BEN));
    const byEtag = await Promise.all(targets.map((to) => put({ operatorId: to }, { "if-match": `"${version}"` })));
    expect(byEtag.map((r) => r.status).sort()).toEqual([200, ...Array(11).fill(412)]);
    const winner = byEtag.find((r) => r.status === 200)!.body.responsible.id;
    expect(getChat(t.app.db, 1)?.responsibleId).toBe(winner);

    const byBody = await Promise.all(targets.map((to) => put({ operatorId: to === ANN ? BEN : ANN, expectedResponsibleId: winner })));
    expect(byBody.map((r) => r.status).sort()).toEqual([200, ...Array(11).fill(409)]);
    expect(history()).toHaveLength(2);
  });
});
