import { integer, primaryKey, sqliteTable } from "drizzle-orm/sqlite-core";
import { chats } from "./chats.js";

// Times are Unix milliseconds in plain integers: cheap to compare in SQL and free of time-zone surprises.

/**
 * The off-hours automatic answer a chat's client was sent, one per off-hours period (named by when it ends:
 * the next opening). The primary key makes "once per period" hold across restarts and replayed updates.
 */
export const offHoursAnswers = sqliteTable(
  "off_hours_answers",
  {
    chatId: integer("chat_id")
      .notNull()
      .references(() => chats.id),
    /** When the off-hours period ends (the team's next opening); 0 when no opening is scheduled at all. */
    periodEndsAt: integer("period_ends_at").notNull(),
    sentAt: integer("sent_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.chatId, t.periodEndsAt] })],
);
