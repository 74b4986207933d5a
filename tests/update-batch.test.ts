import { describe, expect, it } from "vitest";
import { consoleForEachTest } from "./support/console.js";
import { addOperator } from "./support/team.js";

const OP = 100;
const t = consoleForEachTest();
const sqlite = () => t.app.db.$client;
const count = (sql: string) => (sqlite().prepare(sql).get() as { n: number }).n;
const storedTexts = () =>
  (sqlite().prepare("select text from messages where direction = 'in' order by id").all() as Array<{ text: string }>).map((r) => r.text);
const copiesSeen = () => t.fake.botMessages(OP).filter((s) => /^c\d+: m\d+$/.test(s.message.text ?? "")).length;

/** Queues every message before polling picks any up, so they arrive in one getUpdates answer. */
function burst(clients: number, perClient: number, poisoned?: string): string[] {
  const texts: string[] = [];
  for (let m = 0; m < perClient; m++)
    for (let c = 0; c < clients; c++) {
      const text = `c${c}: m${m}`;
      texts.push(text);
      t.fake.send(t.fake.user(5_000 + c, `Client ${c}`), { text });
      if (poisoned && m === 1 && c === 0) t.fake.send(t.fake.user(5_000 + c, `Client ${c}`), { text: poisoned });
    }
  return texts;
}

describe("one transaction per getUpdates answer", () => {
  it("stores a burst of client messages with a handful of commits, every message once, and delivers them all", async () => {
    addOperator(t.app.db, t.fake.user(OP, "Olga"));
    const commitsBefore = t.app.batch.commits;
    const texts = burst(5, 12);
    await t.fake.until(() => count("select count(*) n from messages where direction = 'in'") === texts.length, 20_000);
    expect(storedTexts().sort()).toEqual([...texts].sort());
    // 60 updates in at most a few answers; one commit per update would be 60.
    expect(t.app.batch.commits - commitsBefore).toBeGreaterThanOrEqual(1);
    expect(t.app.batch.commits - commitsBefore).toBeLessThanOrEqual(5);
    await t.fake.until(() => copiesSeen() === texts.length, 30_000);
    expect(count("select count(*) n from failed_updates")).toBe(0);
  });

  it("keeps one update that fails in failed_updates alone, and stores the others of its batch", async () => {
    addOperator(t.app.db, t.fake.user(OP, "Olga"));
    // A bug in one update's handling, as a database constraint that refuses exactly that message (not a storage error).
    sqlite().exec(
      "CREATE TRIGGER poison BEFORE INSERT ON messages WHEN NEW.text = 'poison' BEGIN SELECT RAISE(ABORT, 'poisoned message'); END",
    );
    const texts = burst(4, 10, "poison");
    await t.fake.until(() => count("select count(*) n from failed_updates") === 1 && storedTexts().length === texts.length, 20_000);
    expect(storedTexts().sort()).toEqual([...texts].sort());
    const kept = sqlite().prepare("select payload from failed_updates").all() as Array<{ payload: string }>;
    expect(kept.map((k) => JSON.parse(k.payload).message.text)).toEqual(["poison"]);
    await t.fake.until(() => copiesSeen() === texts.length, 30_000);
  });
});
