// What `npm start` runs (copied to dist/bundle/main.js by scripts/bundle.mjs): the bot's bundle, bot.cjs, compiled
// with a V8 code cache. Without one, V8 parses the 3 MB bundle and compiles each function start-up calls: a good
// quarter of start-up. The cache is written beside the bundle at the first start (when V8 has compiled what
// start-up needs) and used by the next ones; it is ignored when it was made for another build (BUILD, the bundle's
// hash), another Node or when V8 rejects it, and a folder that cannot be written only costs the cache.
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { Script } from "node:vm";

// How far V8 lets the old generation grow past what the last full collection found alive, in percent. V8's own
// choice on a machine with a few GB of memory is up to 300% (the heap may reach four times the live objects
// before it collects): during a 20,000-message burst the bot keeps about 35 MB alive and let its heap reach
// 140 MB, almost all of it garbage awaiting collection. At 50% the heap stays near 50-60 MB; the price is more
// full collections, a few milliseconds each on a heap this small (measured with bench/probe-memory.ts). Set here,
// before the bundle is compiled: V8 stamps a code cache with its flags and rejects it under any others, so a flag
// set later, from inside the bundle, made every start throw the cache away and write it again.
setFlagsFromString("--heap-growing-percent=50");

const BUILD = "__BUILD__";
const file = fileURLToPath(new URL("./bot.cjs", import.meta.url));
const cacheFile = `${file}.cache`;
const stamp = Buffer.from(`${BUILD} ${process.version} ${process.arch}\n`);
let cachedData;
try {
  const saved = readFileSync(cacheFile);
  if (saved.subarray(0, stamp.length).equals(stamp)) cachedData = saved.subarray(stamp.length);
} catch {
  // no cache yet
}
const wrapped = `(function (exports, require, module, __filename, __dirname) {${readFileSync(file, "utf8")}\n})`;
// No importModuleDynamically: V8 drops it when compiling from the cache, so the bundle has no import() (bundle.mjs).
const script = new Script(wrapped, { filename: file, cachedData });
const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
if (cachedData === undefined || script.cachedDataRejected) {
  // After the bundle's synchronous start (its modules and the bot's wiring compiled), while it waits for Telegram.
  setImmediate(() => {
    try {
      const temporary = `${cacheFile}.${process.pid}`;
      writeFileSync(temporary, Buffer.concat([stamp, script.createCachedData()]));
      renameSync(temporary, cacheFile);
    } catch {
      // a read-only installation starts without the cache
    }
  });
}
