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
