import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Db } from "./client.js";

export interface Backup {
  path: string;
  bytes: number;
  at: number;
}

/** What the bot needs to take a backup on request. */
export interface BackupTaker {
  backupNow(): Promise<Backup>;
}

// `console-2026-11-26T10-00-00-000Z.sqlite`: UTC, so names sort by time; no colons, so any file system takes them.
const NAME = /^console-(\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z)\.sqlite$/;
const PARTIAL = ".partial";

function nameFor(at: number): string {
  return `console-${new Date(at).toISOString().replace(/[:.]/g, "-")}.sqlite`;
}

/**
 * Online copies of the database through SQLite's backup API, which steps through the pages between the bot's own
 * work, so the bot keeps serving. A copy is written under a temporary name and renamed when complete: a
 * half-written file never counts as a backup. The newest `keep` are kept.
 */
export class BackupService implements BackupTaker {
  private running: Promise<Backup> | undefined;

  constructor(
    private readonly db: Db,
    readonly dir: string,
    private readonly keep: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** One backup at a time: a request while one runs gets that one. */
  backupNow(): Promise<Backup> {
    this.running ??= this.take().finally(() => (this.running = undefined));
    return this.running;
  }

  /** Backups on disk, oldest first. */
  list(): string[] {
    try {
      return readdirSync(this.dir)
        .filter((f) => NAME.test(f))
        .sort();
    } catch {
      return [];
    }
  }

  /** When the newest complete backup was taken, if any. */
  newestAt(): number | undefined {
    const newest = this.list().at(-1);
    return newest ? statSync(join(this.dir, newest)).mtimeMs : undefined;
  }

  /** Lets a backup in progress finish (for a clean stop). */
  async settle(): Promise<void> {
    await this.running?.catch(() => {});
  }

  private async take(): Promise<Backup> {
    mkdirSync(this.dir, { recursive: true });
    const at = this.clock();
    const path = join(this.dir, nameFor(at));
    const partial = path + PARTIAL;
    try {
      await copyCommitted(this.db, partial);
      renameSync(partial, path);
    } catch (err) {
      rmSync(partial, { force: true });
      throw err;
    }
    this.rotate();
    return { path, bytes: statSync(path).size, at };
  }

  private rotate(): void {
    for (const old of this.list().slice(0, -this.keep)) rmSync(join(this.dir, old), { force: true });
    // Left by a process killed mid-backup; only this process writes here and none is running now.
    for (const f of readdirSync(this.dir))
      if (f.endsWith(PARTIAL) && NAME.test(f.slice(0, -PARTIAL.length))) rmSync(join(this.dir, f), { force: true });
  }
}

/** How often, and how far apart, a backup's first step is tried again while the bot's connection is writing. */
const FIRST_STEP_TRIES = 50;
const FIRST_STEP_PAUSE_MS = 100;

/**
 * Copies the database through the bot's own connection, so its writes between the backup's steps go into the
 * copy as well (from another connection, every write would restart the copy). SQLite refuses the first step
 * while that connection holds an open write transaction (polling's batch of updates, during a handler's await),
 * and better-sqlite3 reports the refusal as a finished copy of nothing: such a copy is thrown away and the first
 * step tried again once the transaction has ended, instead of an empty file becoming the newest backup.
 */
async function copyCommitted(db: Db, to: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const copied = await db.$client.backup(to);
    if (copied.totalPages > 0) return;
    rmSync(to, { force: true });
    if (attempt === FIRST_STEP_TRIES) throw new Error("the backup could not start: the database stayed busy writing");
    await new Promise((r) => setTimeout(r, FIRST_STEP_PAUSE_MS));
  }
}

export interface BackupSchedule {
  stop(): Promise<void>;
}

/**
 * Takes a backup every `everyMs`, counted from the newest one on disk, so a restart neither skips one nor takes
 * an extra: a new install gets its first copy at start-up.
 */
export function scheduleBackups(service: BackupService, everyMs: number, onDone: (result: Backup | Error) => void): BackupSchedule {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const run = () => {
    service
      .backupNow()
      .then(onDone, (err: unknown) => onDone(err instanceof Error ? err : new Error(String(err))))
      .finally(() => {
        if (!stopped) arm(everyMs);
      });
  };
  const arm = (delayMs: number) => {
    // Node's timers hold at most about 24.8 days.
    timer = setTimeout(run, Math.min(Math.max(0, delayMs), 2 ** 31 - 1));
    timer.unref();
  };
  const newest = service.newestAt();
  arm(newest === undefined ? 0 : newest + everyMs - Date.now());
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await service.settle();
    },
  };
}
