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
export function withoutCaps(sqlite: Sqlite): void {
  setTeamSetting(sqlite, "foldAfter", "0");
  setTeamSetting(sqlite, "backlogAfter", "0");
}

type Sqlite = { prepare(sql: string): { run(...params: unknown[]): unknown } };

/** A team setting written straight into the database, as an admin's command would leave it (before a start). */
export function setTeamSetting(sqlite: Sqlite, key: string, value: string): void {
  sqlite.prepare("insert into settings (key, value) values (?, ?) on conflict (key) do update set value = excluded.value").run(key, value);
}
