import { eq } from "drizzle-orm";
import { settings } from "../db/schema.js";
import type { Store } from "../db/store.js";

const messageKey = (locale: string) => `offHoursMessage.${locale}`;

/** The team's own off-hours answer in one language, if an admin wrote one. */
export function offHoursText(db: Store, locale: string): string | undefined {
  return db
    .select()
    .from(settings)
    .where(eq(settings.key, messageKey(locale)))
    .get()?.value;
}
