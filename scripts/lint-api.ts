// Lints the OpenAPI document the server serves: generated from code, so it is written to a temporary file first.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { openApiDocument } from "../src/http/openapi.js";

const root = resolve(fileURLToPath(import.meta.url), "../..");

/** `json` gives redocly's machine-readable totals (for the test); `stylish` is for people. */
export function lintOpenApi(format: "stylish" | "json" = "stylish"): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), "openapi-"));
  try {
    const file = join(dir, "openapi.json");
    writeFileSync(file, JSON.stringify(openApiDocument(), null, 2));
    const run = spawnSync(
      join(root, "node_modules/.bin/redocly"),
      ["lint", "--config", join(root, "redocly.yaml"), `--format=${format}`, file],
      {
        cwd: root,
        encoding: "utf8",
        env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
      },
    );
    return { status: run.status, output: format === "json" ? run.stdout : `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { status, output } = lintOpenApi();
  process.stdout.write(output);
  process.exit(status ?? 1);
}
