import { afterEach, beforeEach, expect, it } from "vitest";
import { type Db, openDatabase } from "../../src/db/client.js";
import { getChat } from "../../src/rules/chats.js";
import { messageRecipients } from "../../src/rules/notifications.js";
import { tempDir } from "../support/console.js";

const dir = tempDir();
let db: Db;
const t = 1_795_700_000_000;

beforeEach(() => {
  db = openDatabase(`${dir.path}/console.sqlite`);
  db.$client.exec(`
    INSERT INTO operators (id, name, notify_filter, created_at) VALUES (100, 'Ada', 'all', ${t}), (200, 'Ben', 'new_and_mine', ${t});
    INSERT INTO chats (id, telegram_chat_id, kind, title, created_at, last_activity_at) VALUES (1, 500, 'private', 'Carol', ${t}, ${t});
  `);
});
afterEach(() => {
  db.$client.close();
  dir.remove();
});

const recipients = () => messageRecipients(db, getChat(db, 1)!).map((r) => `${r.operatorId}${r.silent ? " silent" : ""}`);

it("notifies by each operator's profile as it is now, whatever was read before", () => {
  expect(recipients()).toEqual(["100", "200"]);
  db.$client.exec("UPDATE operators SET notify_channel = 'silent' WHERE id = 200");
  expect(recipients()).toEqual(["100", "200 silent"]);
  db.$client.exec("UPDATE operators SET notify_channel = 'off' WHERE id = 100");
  expect(recipients()).toEqual(["200 silent"]);
  db.$client.exec(`INSERT INTO operators (id, name, notify_filter, created_at) VALUES (300, 'Cy', 'all', ${t})`);
  expect(recipients()).toEqual(["200 silent", "300"]);
  db.$client.exec("UPDATE operators SET active = 0 WHERE id = 300");
  expect(recipients()).toEqual(["200 silent"]);
});

it("forgets what a rolled-back change showed", () => {
  expect(recipients()).toEqual(["100", "200"]);
  expect(() =>
    db.transaction(() => {
      db.$client.exec("UPDATE operators SET unreachable = 1 WHERE id = 100");
      expect(recipients()).toEqual(["200"]);
      throw new Error("undo");
    }),
  ).toThrow("undo");
  expect(recipients()).toEqual(["100", "200"]);
});
