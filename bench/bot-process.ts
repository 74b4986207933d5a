import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { TOKEN } from "../tests/support/fake-telegram/server.js";

const root = resolve(import.meta.dirname, "..");
/** What `npm start` runs: the bundled bot, which `npm ci` builds (the `prepare` script). */
const COMPILED_MAIN = resolve(root, "dist/bundle/main.js");
let built = false;

/**
 * Compiles src/ into dist/ as `npm ci` does, once per bench run, so the figures are those of the code in the
 * tree rather than of whatever an earlier build left in dist/.
 */
export function buildCompiledBot(): void {
  if (built) return;
  const result = spawnSync(process.execPath, [resolve(root, "scripts/bundle.mjs")], { stdio: "inherit", cwd: root });
  if (result.status !== 0) throw new Error("could not compile the bot (npm run build)");
  built = true;
}
const TICKS_PER_SECOND = 100; // USER_HZ, as `getconf CLK_TCK` reports on Linux

export interface BotProcessOptions {
  apiRoot: string;
  /** The database; the process runs in its folder, so no developer's .env is read. */
  databasePath: string;
  env?: Record<string, string>;
  /** Another entry point, a TypeScript file run through tsx (the bare grammY bot); default the compiled bot. */
  entry?: string;
  /** A module loaded before the entry point (bench/handler-clock.mjs); plain JavaScript runs without tsx. */
  preload?: string;
  /** Flags for node itself, before the entry (a probe comparing V8 settings; the bench runs none). */
  nodeArgs?: string[];
  /** Another build's dist/bundle/main.js (a probe comparing an earlier build in turns with this one). */
  main?: string;
}

/**
 * The bot as a user deploys it, measured from outside through /proc: CPU time (utime + stime, all threads)
 * and resident memory sampled every 100 ms for the whole run, besides the kernel's own high-water mark.
 */
export class BotProcess {
  private peakRssKb = 0;
  private peakWalBytes = 0;
  private readonly sampler: NodeJS.Timeout;
  private readonly exited: Promise<void>;

  private constructor(
    readonly child: ChildProcess,
    /** Date.now() just before the spawn, for start-up time. */
    readonly spawnedAt: number,
    private readonly databasePath: string,
  ) {
    this.exited = new Promise((r) => child.once("exit", () => r()));
    this.sampler = setInterval(() => this.sample(), 100);
  }

  static start(o: BotProcessOptions): BotProcess {
    const preload = o.preload ? ["--import", pathToFileURL(o.preload).href] : [];
    if (!o.entry && !o.main) buildCompiledBot();
    // TypeScript (an entry or a preload) needs tsx as a loader; the compiled bot with a JavaScript preload does not.
    const typescript = Boolean(o.entry) || Boolean(o.preload?.endsWith(".ts"));
    const args = [
      ...(o.nodeArgs ?? []),
      ...(typescript ? ["--import", import.meta.resolve("tsx")] : []),
      ...preload,
      o.entry ?? o.main ?? COMPILED_MAIN,
    ];
    const spawnedAt = Date.now();
    const child = spawn(process.execPath, args, {
      cwd: dirname(o.databasePath),
      env: {
        PATH: process.env.PATH ?? "",
        BOT_TOKEN: TOKEN,
        BOT_API_ROOT: o.apiRoot,
        DATABASE_PATH: o.databasePath,
        LOG_LEVEL: "warn",
        ...o.env,
      },
      stdio: ["ignore", "ignore", "inherit"],
    });
    return new BotProcess(child, spawnedAt, o.databasePath);
  }

  private status(): string | undefined {
    try {
      return readFileSync(`/proc/${this.child.pid}/status`, "utf8");
    } catch {
      return undefined;
    }
  }

  /** Samples resident memory and the WAL's size; call it too right after a step whose memory matters. */
  sample(): void {
    const rss = Number(/VmRSS:\s+(\d+)/.exec(this.status() ?? "")?.[1] ?? 0);
    this.peakRssKb = Math.max(this.peakRssKb, rss);
    const wal = `${this.databasePath}-wal`;
    if (existsSync(wal)) this.peakWalBytes = Math.max(this.peakWalBytes, statSync(wal).size);
  }

  /** CPU time the process has used so far, in milliseconds. */
  cpuMs(): number {
    const stat = readFileSync(`/proc/${this.child.pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces) start at state; utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  }

  rssMb(): number {
    return Number(/VmRSS:\s+(\d+)/.exec(this.status() ?? "")?.[1] ?? NaN) / 1024;
  }

  /** The highest resident memory seen: our samples and the kernel's high-water mark (VmHWM). */
  peakRssMb(): number {
    this.sample();
    const hwm = Number(/VmHWM:\s+(\d+)/.exec(this.status() ?? "")?.[1] ?? 0);
    return Math.max(this.peakRssKb, hwm) / 1024;
  }

  peakWalMb(): number {
    this.sample();
    return this.peakWalBytes / (1024 * 1024);
  }

  /** SIGTERM, as a service manager stops it; waits for the clean exit. */
  async stop(): Promise<void> {
    clearInterval(this.sampler);
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGTERM");
    const timeout = setTimeout(() => this.child.kill("SIGKILL"), 60_000);
    await this.exited;
    clearTimeout(timeout);
  }
}

/** Empties the OS page cache so the next read comes from disk; false when the system does not allow it. */
export function dropPageCache(): boolean {
  try {
    spawnSync("sync", { stdio: "ignore" }); // dirty pages are written first, so they can be dropped too
    writeFileSync("/proc/sys/vm/drop_caches", "1\n");
    return true;
  } catch {
    return false;
  }
}
