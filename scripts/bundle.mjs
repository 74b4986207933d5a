// Bundles the compiled bot into one file (and its checkpoint thread into another) so start-up reads two files
// instead of a few hundred modules. Native modules stay outside, loaded from node_modules as usual.
import { rmSync } from "node:fs";
import { build } from "esbuild";

// Chunk names carry a hash: a fresh folder keeps the chunks of earlier builds from piling up.
rmSync("dist/bundle", { recursive: true, force: true });

await build({
  entryPoints: { main: "src/main.ts", "checkpoint-thread": "src/db/checkpoint-thread.ts" },
  outdir: "dist/bundle",
  bundle: true,
  platform: "node",
  format: "esm",
  // What start-up does not need (the HTTP API with Hono and the OpenAPI schemas, loaded by import() only when
  // served) goes into chunks of its own, so start-up does not even parse it.
  splitting: true,
  // Chunks lie beside main.js: the code finding migrations/ and locales/ from its own file expects that folder.
  chunkNames: "[name]-[hash]",
  target: "node20",
  sourcemap: true,
  // Not minified: a minified bundle starts about 13 ms sooner, but its stack traces and profiles point at a few
  // very long lines.
  external: ["better-sqlite3", "@resvg/resvg-js"],
  alias: { "whatwg-url": "./scripts/shims/whatwg-url.cjs" },
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
  logLevel: "warning",
});
