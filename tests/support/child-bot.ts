import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";
import { tempDir } from "./console.js";

const root = resolve(import.meta.dirname, "../..");
/** tsx as a loader inside one node process (as `npm run dev` runs it; `npm start` runs the same code compiled), so signals, kill -9 included, reach the bot itself. */
export const NODE_ARGS = ["--import", import.meta.resolve("tsx"), resolve(root, "src/main.ts")];

export interface ChildBot {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code once the process is gone and all its output was read. */
  exited: Promise<number | null>;
}

/**
 * Runs `npm start`'s entry point as a separate process, in an empty folder so no developer's .env leaks in: the
 * sources through tsx, or other node arguments (the bundle `npm start` runs).
 */
export function runMain(env: Record<string, string>, args: string[] = NODE_ARGS): ChildBot & { cleanup(): void } {
  const dir = tempDir();
  const child = spawn(process.execPath, args, {
    cwd: dir.path,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  // "close", not "exit": only then has all of the output been read.
  const exited = new Promise<number | null>((r) => child.on("close", (code, signal) => r(code ?? (signal ? -1 : null))));
  return {
    child,
    output: () => output,
    exited,
    cleanup() {
      child.kill("SIGKILL");
      dir.remove();
    },
  };
}
