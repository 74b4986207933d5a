import { eq } from "drizzle-orm";
import { settings } from "../db/schema.js";
import type { Store } from "../db/store.js";

/** Team-wide rules an admin sets. Each has a default that holds until an admin changes it. */
export const SETTING_DEFAULTS = {
  /** Closing a chat also clears its responsible, so the client's next message is a new, unassigned chat. */
  resetOnClose: false,
  /** The client sees the responsible's name under each reply. */
  signReplies: false,
} as const;

export type SettingKey = keyof typeof SETTING_DEFAULTS;

export function getSetting(db: Store, key: SettingKey): boolean {
  const row = db.select().from(settings).where(eq(settings.key, key)).get();
  return row ? row.value === "true" : SETTING_DEFAULTS[key];
}

export function setSetting(db: Store, key: SettingKey, value: boolean): void {
  db.insert(settings)
    .values({ key, value: String(value) })
    .onConflictDoUpdate({ target: settings.key, set: { value: String(value) } })
    .run();
}
