import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { operators } from "./people.js";

// Times are Unix milliseconds in plain integers: cheap to compare in SQL and free of time-zone surprises.

export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});

export const groups = sqliteTable("groups", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
  algorithm: text("algorithm", { enum: ["round_robin", "fewest_open", "random"] }).notNull(),
  lastPickedOperatorId: integer("last_picked_operator_id").references(() => operators.id),
  createdAt: integer("created_at").notNull(),
});

export const groupMembers = sqliteTable(
  "group_members",
  {
    groupId: integer("group_id")
      .notNull()
      .references(() => groups.id),
    operatorId: integer("operator_id")
      .notNull()
      .references(() => operators.id),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.operatorId] })],
);
