import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Update } from "grammy/types";
import { FakeTelegram } from "../tests/support/fake-telegram/server.js";
import type { Db } from "../src/db/client.js";
import { operators } from "../src/db/schema.js";

export function scratch(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "console-bench-"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function fakeTelegram(): Promise<FakeTelegram> {
  return new FakeTelegram().start();
}

export function addOperators(db: Db, fake: FakeTelegram, count: number, profile: Partial<typeof operators.$inferInsert> = {}): number[] {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const id = 1_000 + i;
    fake.user(id, `Op${i}`);
    db.insert(operators)
      .values({ id, name: `Op${i}`, createdAt: Date.now(), ...profile })
      .run();
    ids.push(id);
  }
  return ids;
}

/** Queues `count` client text messages from `clients` distinct clients (round robin) as pending updates. */
export function queueClientMessages(fake: FakeTelegram, clients: number, count: number, firstClientId = 100_000): void {
  const users = Array.from({ length: clients }, (_, i) => fake.user(firstClientId + i, `Client${i}`));
  for (let i = 0; i < count; i++) fake.send(users[i % clients]!, { text: `message ${i}` });
}

export async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("benchmark step timed out");
    await new Promise((r) => setTimeout(r, 5));
  }
}

export type { Update };
