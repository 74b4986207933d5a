// Generates the large store in a child process of its own. Generating it in the bench's process left that
// process holding its memory (SQLite's 1 GB page cache for the bulk load; the allocator keeps it), and starting a
// child from a process that large is slow: fork copies its page tables before the bot's first instruction. The
// bench timed that copy as the bot's start-up (measured here: 90 MB harness, spawn 2-5 ms; after a 100k-message
// store, 275 MB and 37-83 ms; the 1M-message store, more). An operator's shell or service manager is small.
import { spawnSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import { generateStore, type StoreShape } from "./store-generator.js";

/** generateStore, run in a child process so the caller's memory stays as it was. */
export function generateStoreApart(path: string, chats: number, messages: number): StoreShape {
  const child = spawnSync(process.execPath, ["--import", "tsx", import.meta.filename, path, String(chats), String(messages)], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 1024 * 1024,
  });
  if (child.status !== 0) throw new Error(`generating the store failed (exit ${child.status ?? child.signal})`);
  return JSON.parse(child.stdout) as StoreShape;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [path, chats, messages] = process.argv.slice(2);
  process.stdout.write(JSON.stringify(generateStore(path!, Number(chats), Number(messages))));
}
