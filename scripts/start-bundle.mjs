// What `npm start` runs (copied to dist/bundle/main.js by scripts/bundle.mjs): the bot's bundle, bot.cjs, compiled
// with a V8 code cache. Without one, V8 parses the 3 MB bundle and compiles each function start-up calls: a good
// quarter of start-up. The cache is written beside the bundle at the first start (when V8 has compiled what
// start-up needs) and used by the next ones; it is ignored when it was made for another build (BUILD, the bundle's
// hash), another Node or when V8 rejects it, and a folder that cannot be written only costs the cache.
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { constants, Script } from "node:vm";

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
// import() of a package left outside the bundle (the chart renderer) resolves as it would from bot.cjs.
const importModuleDynamically = constants.USE_MAIN_CONTEXT_DEFAULT_LOADER;
const script = new Script(wrapped, { filename: file, cachedData, importModuleDynamically });
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
