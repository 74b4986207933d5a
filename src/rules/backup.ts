import type { Backup, BackupTaker } from "../db/backup.js";
import type { Store } from "../db/store.js";
import { getActiveOperator } from "./people.js";

export type BackupRefusal = "not_operator" | "not_admin" | "unavailable";
export type BackupOutcome = { ok: true; backup: Backup } | { ok: false; reason: BackupRefusal };

/** `/backup`: only an active admin may copy the team's whole history; anyone else is refused and nothing is written. */
export async function backupOnRequest(db: Store, actorId: number, backups: BackupTaker | undefined): Promise<BackupOutcome> {
  const actor = getActiveOperator(db, actorId);
  if (!actor) return { ok: false, reason: "not_operator" };
  if (actor.role !== "admin") return { ok: false, reason: "not_admin" };
  if (!backups) return { ok: false, reason: "unavailable" };
  return { ok: true, backup: await backups.backupNow() };
}
