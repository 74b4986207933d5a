import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { operators } from "./people.js";

/**
 * Saved replies operators pick through inline mode: the team's library (no owner, admins manage it) and each
 * operator's own. A media reply keeps Telegram's file id, which inline results can send again as it is.
 */
export const savedReplies = sqliteTable(
  "saved_replies",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** Null: the team's library. Otherwise the operator whose own reply this is. */
    ownerId: integer("owner_id").references(() => operators.id),
    title: text("title").notNull(),
    /** "text" or the media kind an inline result can carry: photo, video, document, animation, audio, voice, sticker. */
    kind: text("kind").notNull(),
    /** The text, or the media's caption; may hold {client_name} and {operator_name}. */
    text: text("text"),
    entities: text("entities", { mode: "json" }).$type<unknown[]>(),
    fileId: text("file_id"),
    createdBy: integer("created_by")
      .notNull()
      .references(() => operators.id),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("saved_replies_owner").on(t.ownerId)],
);
