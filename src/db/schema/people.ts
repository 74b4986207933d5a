import { integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

// Times are Unix milliseconds in plain integers: cheap to compare in SQL and free of time-zone surprises.

export const operators = sqliteTable("operators", {
  /** The operator's Telegram user id, which is also their private chat id with the bot. */
  id: integer("id").primaryKey(),
  name: text("name").notNull(),
  username: text("username"),
  role: text("role", { enum: ["operator", "admin"] })
    .notNull()
    .default("operator"),
  active: integer("active", { mode: "boolean" }).notNull().default(true),
  availability: text("availability", { enum: ["online", "away"] })
    .notNull()
    .default("away"),
  /** Last time the operator was seen while online; "available" needs this to be today. */
  lastSeenOnlineAt: integer("last_seen_online_at"),
  notifyChannel: text("notify_channel", { enum: ["sound", "silent", "off"] })
    .notNull()
    .default("sound"),
  notifyFilter: text("notify_filter", { enum: ["all", "new_and_mine", "mine"] })
    .notNull()
    .default("new_and_mine"),
  /** The operator blocked the bot: nothing can reach them until they write again. */
  unreachable: integer("unreachable", { mode: "boolean" }).notNull().default(false),
  /** The language they chose with /language; until then, Telegram's language_code below. */
  locale: text("locale"),
  /** Telegram's language_code of the operator's app, refreshed when they write. */
  languageCode: text("language_code"),
  createdAt: integer("created_at").notNull(),
});

export const invites = sqliteTable(
  "invites",
  {
    code: text("code").primaryKey(),
    createdBy: integer("created_by")
      .notNull()
      .references(() => operators.id),
    /** The admin's /invite message: the same update handled again (a replay) returns this link, not a new one. */
    requestMessageId: integer("request_message_id"),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    usedBy: integer("used_by"),
    usedAt: integer("used_at"),
  },
  (t) => [uniqueIndex("invites_request").on(t.createdBy, t.requestMessageId)],
);

/**
 * A random mark that changes with every write to a table whose rows the console keeps in memory between
 * statements (triggers set it, migration 0025): reading one mark is cheaper than reading the rows again, and a
 * random mark, unlike a counter, never comes back after a rollback with other rows behind it.
 */
export const changeMarks = sqliteTable("change_marks", {
  /** The table: 'operators'. */
  source: text("source").primaryKey(),
  mark: integer("mark").notNull(),
});
