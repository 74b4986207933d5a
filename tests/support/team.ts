import type { User } from "grammy/types";
import type { Db } from "../../src/db/client.js";
import { operators } from "../../src/db/schema.js";

type Profile = Partial<
  Pick<typeof operators.$inferInsert, "role" | "notifyChannel" | "notifyFilter" | "availability" | "lastSeenOnlineAt">
>;

/** Puts an operator on the team directly (the invite path has its own tests). */
export function addOperator(db: Db, user: User, profile: Profile = {}): void {
  db.insert(operators)
    .values({ id: user.id, name: user.first_name, username: user.username ?? null, createdAt: Date.now(), ...profile })
    .run();
}

/**
 * Switches the flood cap and the backlog cap off (team settings `foldAfter` and `backlogAfter` = 0), for runs that
 * count every copy: past 20 unsent copies of one chat, or 120 unsent rows for one operator, the console rightly
 * sends one "N more messages" notice instead.
 */
export function withoutFloodCap(sqlite: { prepare(sql: string): { run(): unknown } }): void {
  sqlite.prepare("insert into settings (key, value) values ('foldAfter', '0') on conflict (key) do update set value = '0'").run();
  sqlite.prepare("insert into settings (key, value) values ('backlogAfter', '0') on conflict (key) do update set value = '0'").run();
}
