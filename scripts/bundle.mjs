// Bundles the compiled bot into one file (and its checkpoint thread into another) so start-up reads two files
// instead of a few hundred modules; dist/bundle/main.js (scripts/start-bundle.mjs) runs it with a V8 code cache.
// Native modules stay outside, loaded from node_modules as usual.
import { createHash } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { build } from "esbuild";

const out = "dist/bundle";
// A fresh folder: no file (or code cache) of an earlier build stays behind.
rmSync(out, { recursive: true, force: true });

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  sourcemap: true,
  // Not minified: a minified bundle starts about 13 ms sooner, but its stack traces and profiles point at a few
  // very long lines.
  external: ["better-sqlite3", "@resvg/resvg-js"],
  // node-fetch 2 (grammY's HTTP client) only falls back on whatwg-url when Node has no URL class; it always has.
  alias: { "whatwg-url": "./scripts/shims/whatwg-url.cjs" },
  logLevel: "warning",
};

// The bot as a CommonJS script, which V8 can compile from a code cache (an ES module cannot be on Node 20).
await build({
  ...common,
  entryPoints: ["src/main.ts"],
  outfile: `${out}/bot.cjs`,
  format: "cjs",
  // The sources find migrations/, locales/ and the checkpoint thread from their own file's URL.
  // (import.meta.resolve only serves a run from the TypeScript sources.)
  define: { "import.meta.url": "__bundleImportMetaUrl", "import.meta.resolve": "undefined" },
  banner: { js: 'const __bundleImportMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
  // import() of a package left outside (the chart renderer) becomes require(): V8 forgets a script's dynamic
  // import callback when it compiles the script from a code cache (Node 20), so an import() failed at every
  // start but the first with ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING. Both packages outside are CommonJS.
  supported: { "dynamic-import": false },
  plugins: [startInAnAsyncFunction()],
});

await build({
  ...common,
  entryPoints: ["src/db/checkpoint-thread.ts"],
  outfile: `${out}/checkpoint-thread.js`,
  format: "esm",
  // CommonJS packages inside an ES module bundle still expect require, __filename and __dirname.
  banner: {
    js: [
      "import { createRequire as __bundleRequire } from 'node:module';",
      "import { fileURLToPath as __bundleFileUrl } from 'node:url';",
      "import { dirname as __bundleDirname } from 'node:path';",
      "const require = __bundleRequire(import.meta.url);",
      "const __filename = __bundleFileUrl(import.meta.url);",
      "const __dirname = __bundleDirname(__filename);",
    ].join(" "),
  },
});

const buildId = createHash("sha256")
  .update(readFileSync(`${out}/bot.cjs`))
  .digest("hex")
  .slice(0, 16);
writeFileSync(`${out}/main.js`, readFileSync("scripts/start-bundle.mjs", "utf8").replace("__BUILD__", buildId));

/**
 * src/main.ts awaits at its top level (getMe, the webhook), which a CommonJS script cannot: its statements after
 * the imports run inside an async function here. A failure there ends the process as an unhandled rejection,
 * with the error and exit code 1, as the top-level await did.
 */
function startInAnAsyncFunction() {
  return {
    name: "start-in-an-async-function",
    setup(b) {
      b.onLoad({ filter: /[/\\]src[/\\]main\.ts$/ }, (args) => {
        const source = readFileSync(args.path, "utf8");
        // The imports, with the comments and blank lines between them (main.ts opens with a comment).
        const imports = /^(?:\s+|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/|import [^;]*;)+/.exec(source)?.[0] ?? "";
        return { loader: "ts", contents: `${imports}void (async () => {\n${source.slice(imports.length)}\n})();\n` };
      });
    },
  };
}
