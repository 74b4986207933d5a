import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { consoleForEachTest } from "./support/console.js";
import { serveApi } from "./support/http.js";
import { addOperator } from "./support/team.js";

const TOKEN = "integration-token-0123456789abcdef";
const ANN = 101;
const t = consoleForEachTest();
let server: Awaited<ReturnType<typeof serveApi>>;

beforeEach(async () => {
  addOperator(t.app.db, t.fake.user(ANN, "Ann"), { notifyChannel: "off" });
  server = await serveApi(t.app, TOKEN);
});

afterEach(async () => {
  await server.close();
});

async function get(path: string, token = TOKEN) {
  const res = await fetch(server.base + path, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as any };
}

describe("GET /api/search", () => {
  it("finds what /find finds, newest first with the matching message, cursor-paged", async () => {
    for (let i = 0; i < 3; i++) t.fake.send(t.fake.user(500 + i, `Client${i}`, `client_${i}`), { text: `parcel number ${i} is late` });
    t.fake.send(t.fake.user(510, "Parcel Smith"), { text: "hello" });
    await t.fake.until(() => (t.app.db.$client.prepare("select count(*) n from messages").get() as { n: number }).n === 4);

    const first = await get(`/api/search?q=${encodeURIComponent("parcel late")}&limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.results.map((r: any) => r.chat.id)).toEqual([3, 2]);
    expect(first.body.results[0].match).toMatchObject({ direction: "in", senderName: "Client2", text: "parcel number 2 is late" });
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await get(`/api/search?q=${encodeURIComponent("parcel late")}&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body).toMatchObject({ results: [{ chat: { id: 1 } }], nextCursor: null });

    // A client's name matches too, with no message to show.
    const byName = await get("/api/search?q=smith");
    expect(byName.body.results).toEqual([
      expect.objectContaining({ chat: expect.objectContaining({ id: 4, title: "Parcel Smith" }), match: null }),
    ]);
    expect((await get("/api/search?q=client_1")).body.results.map((r: any) => r.chat.id)).toEqual([2]);
    // Quotes and operators are plain characters.
    expect((await get(`/api/search?q=${encodeURIComponent('"parcel" OR NEAR(late')}`)).status).toBe(200);
  });

  it("answers 400 for nothing to look for or a foreign cursor, and 401 without the token", async () => {
    expect(await get("/api/search?q=%22%22")).toMatchObject({ status: 400, body: { field: "q" } });
    expect(await get("/api/search")).toMatchObject({ status: 400, body: { field: "q" } });
    expect(await get("/api/search?q=a&cursor=zzzz")).toMatchObject({ status: 400, body: { field: "cursor" } });
    expect((await get("/api/search?q=a", "wrong")).status).toBe(401);
  });
});
