import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { chats } from "./chats.js";
import { operators } from "./people.js";

/** The team's tags, managed by admins (`/tags`); names are normalised (lower case, no spaces) before they get here. */
export const tags = sqliteTable("tags", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
  createdAt: integer("created_at").notNull(),
});

/** Which chats carry which tags. */
export const chatTags = sqliteTable(
  "chat_tags",
  {
    chatId: integer("chat_id")
      .notNull()
      .references(() => chats.id),
    tagId: integer("tag_id")
      .notNull()
      .references(() => tags.id),
    /** Who tagged the chat (null: an integration). */
    addedBy: integer("added_by").references(() => operators.id),
    addedAt: integer("added_at").notNull(),
  },
  // The chat list and reports go from a tag to its chats; the card from a chat to its tags (the key).
  (t) => [primaryKey({ columns: [t.chatId, t.tagId] }), index("chat_tags_tag").on(t.tagId, t.chatId)],
);
