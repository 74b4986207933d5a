import { settings } from "../db/schema.js";
import { statement } from "../db/prepared.js";
import type { Store } from "../db/store.js";
import { activeAdmin, NOT_ADMIN, type NotAdmin } from "./people.js";

/** Team-wide rules an admin sets. Each has a default that holds until an admin changes it. */
export const SETTING_DEFAULTS = {
  /** Closing a chat also clears its responsible, so the client's next message is a new, unassigned chat. */
  resetOnClose: false,
  /** The client sees the responsible's name under each reply. */
  signReplies: false,
  /** A closed chat's client is asked "How did we do?" (1 to 5, and a comment). */
  ratings: false,
} as const;

export type SettingKey = keyof typeof SETTING_DEFAULTS;

export const NUMBER_SETTING_DEFAULTS = {
  /** Minutes a client may wait for an answer before the responsible is reminded (twice that: the team); 0 is off. */
  watchdogMinutes: 5,
  /**
   * Unsent copies of one chat an operator's queue may hold; the chat's further messages are counted in one
   * "sent N more messages" notice until the operator has caught up. 0 turns the cap off.
   */
  foldAfter: 20,
  /**
   * Unsent rows an operator's queue may hold (two minutes' worth at one message a second) before copies of other
   * people's chats are summed up in one "N more messages from M clients" notice instead. 0 turns the cap off.
   */
  backlogAfter: 120,
} as const;

export type NumberSettingKey = keyof typeof NUMBER_SETTING_DEFAULTS;

/** Read for every client message (the flood cap, ratings, hours): a compiled statement, not a built query. */
function settingValue(db: Store, key: string): string | undefined {
  return (statement(db, "SELECT value FROM settings WHERE key = ?").get(key) as { value: string } | undefined)?.value;
}

export function getNumberSetting(db: Store, key: NumberSettingKey): number {
  const raw = settingValue(db, key);
  const row = raw === undefined ? undefined : { value: raw };
  const value = row ? Number(row.value) : NaN;
  return Number.isFinite(value) ? value : NUMBER_SETTING_DEFAULTS[key];
}

export type SettingChange = { ok: true } | NotAdmin;

/** Only an active admin changes team settings. */
function writeSetting(db: Store, actorId: number, key: string, value: string): SettingChange {
  return db.transaction((tx) => {
    if (!activeAdmin(tx, actorId)) return NOT_ADMIN;
    tx.insert(settings).values({ key, value }).onConflictDoUpdate({ target: settings.key, set: { value } }).run();
    return { ok: true } as const;
  });
}

export function setNumberSetting(db: Store, actorId: number, key: NumberSettingKey, value: number): SettingChange {
  return writeSetting(db, actorId, key, String(value));
}

export function getSetting(db: Store, key: SettingKey): boolean {
  const raw = settingValue(db, key);
  const row = raw === undefined ? undefined : { value: raw };
  return row ? row.value === "true" : SETTING_DEFAULTS[key];
}

export function setSetting(db: Store, actorId: number, key: SettingKey, value: boolean): SettingChange {
  return writeSetting(db, actorId, key, String(value));
}
