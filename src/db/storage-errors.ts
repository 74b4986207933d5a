/**
 * SQLite result codes that say the database cannot be written (or read) right now: the disk is full, the
 * filesystem failed or went read-only, the file vanished, or another connection held the lock past
 * busy_timeout. They pass when the operator frees space or fixes the mount, unlike a bug in a handler, so
 * the work that met one must wait and be tried again, never be dropped or set aside as a failure.
 */
const STORAGE_CODES = [
  /^SQLITE_FULL$/,
  /^SQLITE_IOERR/,
  /^SQLITE_READONLY/,
  /^SQLITE_CANTOPEN/,
  /^SQLITE_BUSY/,
  /^SQLITE_LOCKED/,
  /^SQLITE_PROTOCOL$/,
  /^SQLITE_NOLFS$/,
];

/**
 * The SQLite code of a storage failure anywhere in the error's chain (drizzle wraps driver errors in
 * `cause`, grammY wraps handler errors in `error`), or undefined when the error is something else.
 */
export function storageErrorCode(err: unknown): string | undefined {
  const seen = new Set<unknown>();
  for (let e = err; e && typeof e === "object" && !seen.has(e); ) {
    seen.add(e);
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && STORAGE_CODES.some((pattern) => pattern.test(code))) return code;
    e = (e as { cause?: unknown }).cause ?? (e as { error?: unknown }).error;
  }
  return undefined;
}

export function isStorageError(err: unknown): boolean {
  return storageErrorCode(err) !== undefined;
}
