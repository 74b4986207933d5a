import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { afterEach, beforeAll, expect, it } from "vitest";
import { runMain } from "./support/child-bot.js";
import { tempDir } from "./support/console.js";
import { FakeTelegram, TOKEN } from "./support/fake-telegram/server.js";
import { freePort } from "./support/http.js";

// `npm start` runs the bundle `npm ci` builds (scripts/bundle.mjs), not the sources the other tests run through
// tsx: one file for the bot, one for its checkpoint thread, native modules and the files it reads (migrations,
// locales) found from where the bundle lies. What the bundle alone could get wrong is checked here.
const root = resolve(import.meta.dirname, "..");
const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

beforeAll(() => {
  const built = spawnSync(process.execPath, [resolve(root, "scripts/bundle.mjs")], { cwd: root, encoding: "utf8" });
  expect(built.status, built.stderr).toBe(0);
});

it("runs as npm start runs it: migrations, words, relay, the chart renderer, the HTTP API and a clean stop", async () => {
  const fake = await new FakeTelegram().start();
  cleanup.push(() => fake.stop());
  const dir = tempDir();
  cleanup.push(() => dir.remove());
  fake.user(100, "Ada");
  const port = await freePort();
  const run = runMain(
    {
      BOT_TOKEN: TOKEN,
      BOT_API_ROOT: fake.apiRoot,
      DATABASE_PATH: `${dir.path}/db/console.sqlite`,
      ADMIN_IDS: "100",
      API_TOKEN: "bundle-test-api-token-0123456789",
      HTTP_PORT: String(port),
      LOG_LEVEL: "info",
    },
    [resolve(root, "dist/bundle/main.js")],
  );
  cleanup.push(() => run.cleanup());
  await fake.until(() => fake.callsOf("getUpdates").length > 0, 20_000);
  fake.send(fake.user(500, "Carol"), { text: "hello to the bundle" });
  await fake.until(() => fake.botMessages(100).some((s) => s.message.text === "hello to the bundle"), 10_000);
  // Words come from the locale files next to the bundle's folder; the chart from the native renderer.
  fake.send(fake.user(100, "Ada"), { text: "/report 7d" });
  await fake.until(() => fake.callsOf("sendPhoto").length > 0, 20_000);
  expect(fake.botMessages(100).some((s) => /report|отчёт/i.test(s.message.text ?? ""))).toBe(true);
  const api = await fetch(`http://127.0.0.1:${port}/api/chats`, { headers: { authorization: "Bearer bundle-test-api-token-0123456789" } });
  expect(api.status).toBe(200);
  expect(JSON.stringify(await api.json())).toContain("Carol");
  run.child.kill("SIGTERM");
  expect(await run.exited).toBe(0);
  expect(run.output()).toContain('"msg":"stopped"');
}, 60_000);
