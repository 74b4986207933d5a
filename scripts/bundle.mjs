// Bundles the compiled bot into one file (and its checkpoint thread into another) so start-up reads two files
// instead of a few hundred modules. Native modules stay outside, loaded from node_modules as usual.
import { build } from "esbuild";

await build({
  entryPoints: { main: "src/main.ts", "checkpoint-thread": "src/db/checkpoint-thread.ts" },
  outdir: "dist/bundle",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  // Not minified: a minified bundle starts about 13 ms sooner, but its stack traces and profiles point at a few
  // very long lines.
  external: ["better-sqlite3", "@resvg/resvg-js"],
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
