import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
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

/**
 * A fake Bot API, a database folder and no code cache yet; `start` runs the bundle as `npm start` does and
 * returns once it asks for updates.
 */
async function bundleWithoutCache(env: Record<string, string> = {}) {
  const fake = await new FakeTelegram().start();
  cleanup.push(() => fake.stop());
  const dir = tempDir();
  cleanup.push(() => dir.remove());
  const cache = resolve(root, "dist/bundle/bot.cjs.cache");
  rmSync(cache, { force: true });
  const start = async () => {
    const polls = fake.callsOf("getUpdates").length;
    const run = runMain({ BOT_TOKEN: TOKEN, BOT_API_ROOT: fake.apiRoot, DATABASE_PATH: `${dir.path}/console.sqlite`, ...env }, [
      resolve(root, "dist/bundle/main.js"),
    ]);
    cleanup.push(() => run.cleanup());
    await fake.until(() => fake.callsOf("getUpdates").length > polls, 20_000);
    return run;
  };
  return { fake, cache, start };
}

it("a restart compiles the bot from the code cache the first start wrote; a cache that does not fit is replaced, not trusted", async () => {
  const { cache, start: run } = await bundleWithoutCache();
  const start = async () => {
    const started = await run();
    started.child.kill("SIGTERM");
    expect(await started.exited, started.output()).toBe(0);
  };

  await start();
  const written = readFileSync(cache);
  // The next start compiles from it: V8 accepts it, so it is not written again.
  const writtenAt = statSync(cache).mtimeMs;
  await start();
  expect(statSync(cache).mtimeMs, "the cache was rejected and written again").toBe(writtenAt);
  const stamp = written.subarray(0, written.indexOf(10) + 1);
  expect(stamp.toString()).toMatch(new RegExp(`^[0-9a-f]{16} ${process.version} ${process.arch}\n$`));
  // The same stamp over bytes V8 cannot use: the bot starts all the same and writes a good cache.
  const damaged = Buffer.concat([stamp, Buffer.alloc(4096, 7)]);
  writeFileSync(cache, damaged);
  await start();
  expect(readFileSync(cache).equals(damaged)).toBe(false);
  expect(readFileSync(cache).subarray(0, stamp.length).equals(stamp)).toBe(true);
  // A cache made for another build is not even offered to V8.
  writeFileSync(
    cache,
    Buffer.concat([Buffer.from(`0000000000000000 ${process.version} ${process.arch}\n`), written.subarray(stamp.length)]),
  );
  await start();
  expect(readFileSync(cache).subarray(0, stamp.length).equals(stamp)).toBe(true);
}, 60_000);

it("a restart compiled from the code cache still draws the report's chart (the renderer is loaded on the first chart)", async () => {
  // V8 drops a script's dynamic-import callback when it compiles the script from a code cache (Node 20): an
  // import() in the bundle then failed at every start but the first, the /report answer failed after its text,
  // and the safety net sent the text again at each retry.
  const { fake, cache, start } = await bundleWithoutCache({ ADMIN_IDS: "100" });
  const first = await start();
  first.child.kill("SIGTERM");
  expect(await first.exited, first.output()).toBe(0);
  const writtenAt = statSync(cache).mtimeMs;

  const restart = await start();
  fake.send(fake.user(100, "Ada"), { text: "/report 7d" });
  await fake.until(() => fake.callsOf("sendPhoto").length > 0 || /kept for retry/.test(restart.output()), 20_000);
  expect(statSync(cache).mtimeMs, "the restart did not compile from the cache").toBe(writtenAt);
  expect(restart.output()).not.toMatch(/kept for retry/);
  expect(fake.callsOf("sendPhoto").map((c) => c.status)).toEqual([200]);
  expect(fake.botMessages(100).filter((s) => /report|отчёт/i.test(s.message.text ?? ""))).toHaveLength(1);
  restart.child.kill("SIGTERM");
  expect(await restart.exited).toBe(0);
}, 60_000);
