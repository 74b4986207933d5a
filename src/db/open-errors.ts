import { closeSync, constants, accessSync, openSync, statSync, unlinkSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** The database cannot be used; the message is one line naming DATABASE_PATH, the cause and how to fix it. */
export class DatabaseError extends Error {}

function errnoOf(err: unknown): string | undefined {
  return (err as { code?: string } | undefined)?.code;
}

function isDirectory(path: string): boolean | undefined {
  try {
    return statSync(path).isDirectory();
  } catch {
    return undefined;
  }
}

/** The nearest existing ancestor of `path`, which is where creating the folders would start. */
function nearestExisting(path: string): string {
  let p = resolve(path);
  while (isDirectory(p) === undefined && dirname(p) !== p) p = dirname(p);
  return p;
}

/** Tries to create a file in `folder`; the errno says why writing there fails (read-only file system, permissions). */
function writeProbe(folder: string): string | undefined {
  const probe = join(folder, `.console-write-probe-${process.pid}`);
  try {
    closeSync(openSync(probe, "wx"));
    unlinkSync(probe);
    return undefined;
  } catch (err) {
    return errnoOf(err);
  }
}

function unwritable(code: string | undefined, where: string): string | undefined {
  if (code === "EROFS") return `${where} is on a read-only file system: choose a writable place (e.g. a mounted volume)`;
  if (code === "EACCES" || code === "EPERM")
    return `this process may not write in ${where}: choose a folder it can write to, or give it the permission`;
  return undefined;
}

/** Why the SQLite file at `path` could not be opened, in plain words with the way out. */
export function explainOpenFailure(path: string, err: unknown): string {
  const full = resolve(path);
  const head = `DATABASE_PATH=${path} cannot be used:`;
  if (isDirectory(full)) return `${head} it is a folder; set DATABASE_PATH to a file inside it, e.g. ${join(path, "console.sqlite")}`;
  const ancestor = nearestExisting(dirname(full));
  if (isDirectory(ancestor) === false) {
    return `${head} ${ancestor} is a file, not a folder; point DATABASE_PATH into a folder, or move that file away`;
  }
  const code = errnoOf(err);
  if (code === "SQLITE_NOTADB") {
    return `${head} the file is not a SQLite database (or it is damaged); point DATABASE_PATH at the console's database, or move this file away to start a new one`;
  }
  const folder = isDirectory(dirname(full)) ? dirname(full) : ancestor;
  const reason =
    unwritable(code, folder) ??
    unwritable(writeProbe(folder), folder) ??
    (code === "SQLITE_READONLY" || code === "SQLITE_CANTOPEN" ? unwritable(fileAccess(full), full) : undefined);
  if (reason) return `${head} ${reason}`;
  if (code === "SQLITE_READONLY") return `${head} the file is read-only; give this process write access to it and its folder`;
  return `${head} ${err instanceof Error ? err.message : String(err)}; check the path and its permissions`;
}

function fileAccess(path: string): string | undefined {
  try {
    accessSync(path, constants.W_OK);
    return undefined;
  } catch (err) {
    return errnoOf(err);
  }
}

/** A migration failed: the database is named, the failing statement's reason given. */
export function explainMigrationFailure(path: string, err: unknown): string {
  const cause = (err as { cause?: unknown }).cause;
  const reason = (cause instanceof Error ? cause.message : undefined) ?? (err instanceof Error ? err.message : String(err));
  return `The database at DATABASE_PATH=${path} could not be brought up to date (a migration failed: ${reason.split("\n")[0]}); is it this console's database? Restore a backup or point DATABASE_PATH elsewhere`;
}
