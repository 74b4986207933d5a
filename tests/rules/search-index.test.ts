import { afterEach, beforeEach, expect, it } from "vitest";
import { type Db, openDatabase } from "../../src/db/client.js";
import { WriteBatch } from "../../src/db/write-batch.js";
import { findChats } from "../../src/rules/search.js";
import { indexNewRows } from "../../src/rules/search-index.js";
import { tempDir } from "../support/console.js";

const dir = tempDir();
let db: Db;
const t = 1_795_700_000_000;
let source = 1;

beforeEach(() => {
  db = openDatabase(`${dir.path}/console.sqlite`);
  db.$client.exec(
    `INSERT INTO chats (id, telegram_chat_id, kind, title, created_at, last_activity_at) VALUES (1, 500, 'private', 'Carol', ${t}, ${t})`,
  );
});
afterEach(() => {
  db.$client.close();
  dir.remove();
});

/** A message stored the way the rules store one (the API's replies too): a plain insert, no indexing of its own. */
function store(text: string | null, chatId = 1): number {
  return db.$client
    .prepare(
      "INSERT INTO messages (chat_id, direction, sender_name, kind, text, source_chat_id, source_message_id, created_at) VALUES (?, 'in', 'Carol', 'text', ?, 500, ?, ?) RETURNING id",
    )
    .pluck()
    .get(chatId, text, source++, t) as number;
}

const found = (words: string) => {
  const outcome = findChats(db, words, 10);
  return outcome.ok ? outcome.hits.map((h) => h.match?.messageId ?? `chat ${h.chat.id}`) : outcome.reason;
};
/** FTS5's own comparison of an external-content index with its table: throws when they differ. */
const checkIndexes = () => {
  db.$client.prepare("INSERT INTO messages_fts(messages_fts) VALUES ('integrity-check')").run();
  db.$client.prepare("INSERT INTO chats_fts(chats_fts) VALUES ('integrity-check')").run();
};
const indexedUpTo = (table: string) => db.$client.prepare("SELECT upto FROM search_indexed WHERE source = ?").pluck().get(table);

it("finds a message stored since the last indexing: the search takes new rows in first", () => {
  const id = store("parcel never arrived");
  expect(indexedUpTo("messages")).toBe(0);
  expect(found("parcel")).toEqual([id]);
  expect(indexedUpTo("messages")).toBe(id);
  checkIndexes();
});

it("indexes a message edited before its turn with its latest words, and one edited after with the new words only", () => {
  const early = store("blue kettle");
  db.$client.prepare("UPDATE messages SET text = 'green kettle' WHERE id = ?").run(early);
  expect(indexNewRows(db)).toBe(2); // the message and the chat
  expect(found("blue")).toEqual([]);
  expect(found("green")).toEqual([early]);

  db.$client.prepare("UPDATE messages SET text = 'red kettle' WHERE id = ?").run(early);
  expect(found("green")).toEqual([]);
  expect(found("red")).toEqual([early]);
  checkIndexes();
});

it("leaves messages without words out, and a chat renamed before its turn is found by its new name", () => {
  store(null);
  db.$client.prepare("UPDATE chats SET title = 'Caroline' WHERE id = 1").run();
  expect(found("caroline")).toEqual(["chat 1"]);
  checkIndexes();
  db.$client.prepare("UPDATE chats SET title = 'Carrie' WHERE id = 1").run();
  expect(found("caroline")).toEqual([]);
  expect(found("carrie")).toEqual(["chat 1"]);
  checkIndexes();
});

it("indexes the ids of the newest messages when they were deleted and come again", () => {
  const kept = store("kept words");
  const gone = [store("first words"), store("second words")];
  indexNewRows(db);
  // One statement deletes the newest rows in ascending order: neither is the newest when it goes.
  db.$client.prepare("DELETE FROM messages WHERE id >= ?").run(gone[0]);
  const again = [store("third words"), store("fourth words")];
  expect(again).toEqual(gone); // SQLite reuses the largest ids once their rows are gone
  expect(found("third")).toEqual([again[0]]);
  expect(found("fourth")).toEqual([again[1]]);
  expect(found("first")).toEqual([]);
  expect(found("kept")).toEqual([kept]);
  db.$client.prepare("UPDATE messages SET text = 'fifth words' WHERE id = ?").run(again[0]);
  expect(found("fifth")).toEqual([again[0]]);
  checkIndexes();
});

it("indexes a batch's messages inside the batch's transaction: committed with them, never after a rollback", async () => {
  const batch = new WriteBatch(db.$client);
  batch.beforeCommit(() => indexNewRows(db));
  batch.begin();
  const kept = await batch.item(1, async () => {
    const id = store("invoice overdue");
    expect(indexedUpTo("messages")).toBe(0); // not one by one
    return id;
  });
  batch.commit();
  // Read through a second connection: the index was committed with the message, not by a later search.
  const reader = openDatabase(`${dir.path}/console.sqlite`);
  try {
    expect(reader.$client.prepare("SELECT upto FROM search_indexed WHERE source = 'messages'").pluck().get()).toBe(kept);
    expect(reader.$client.prepare("SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'invoice'").pluck().all()).toEqual([kept]);
  } finally {
    reader.$client.close();
  }

  batch.begin();
  await batch.item(2, async () => store("refund please"));
  batch.rollBack();
  expect(found("refund")).toEqual([]);
  checkIndexes();
});
