import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  addSavedReply,
  deleteSavedReply,
  editSavedReply,
  fillPlaceholders,
  getSavedReply,
  matchSavedReplies,
} from "../../src/rules/saved-replies.js";
import { type RulesFixture, rulesFixture } from "../support/rules-fixture.js";

let f: RulesFixture;
const ADMIN = 1;
const ANN = 11;
const BEN = 12;

beforeEach(() => {
  f = rulesFixture();
  f.operator(ADMIN, "Admin", { role: "admin" });
  f.operator(ANN, "Ann");
  f.operator(BEN, "Ben");
});
afterEach(() => f.close());

const values = { client_name: "Зоя", operator_name: "Ann 👩" };

describe("placeholders", () => {
  it("fills both, as often as they occur, and leaves unknown braces alone", () => {
    expect(fillPlaceholders("{client_name}, {operator_name} and {client_name} {other}", undefined, values)).toEqual({
      text: "Зоя, Ann 👩 and Зоя {other}",
      entities: undefined,
      changed: true,
    });
    expect(fillPlaceholders("nothing to fill", [{ type: "bold", offset: 0, length: 7 }], values).changed).toBe(false);
  });

  it("moves formatting with the words: after, around and inside a placeholder (offsets in UTF-16 units)", () => {
    // "Hi {client_name}! I am {operator_name}." with: bold "Hi", italic over "{client_name}", underline on "am",
    // and a link starting inside "{operator_name}" up to the end.
    const text = "Hi {client_name}! I am {operator_name}.";
    const filled = fillPlaceholders(
      text,
      [
        { type: "bold", offset: 0, length: 2 },
        { type: "italic", offset: 3, length: 13 },
        { type: "underline", offset: 20, length: 2 },
        { type: "strikethrough", offset: 26, length: 13 },
      ],
      values,
    );
    expect(filled.text).toBe("Hi Зоя! I am Ann 👩.");
    const slice = (e: { offset: number; length: number }) => filled.text.slice(e.offset, e.offset + e.length);
    expect((filled.entities as Array<{ offset: number; length: number }>).map(slice)).toEqual(["Hi", "Зоя", "am", "Ann 👩."]);
  });
});

describe("saved replies: who sees and changes what", () => {
  it("keeps an operator's own replies theirs: others neither see, find, edit nor delete them", () => {
    const own = addSavedReply(f.db, ANN, "own", "Mine", { kind: "text", text: "Ann's words" }, f.clock);
    if (!own.ok) throw new Error(own.reason);
    expect(getSavedReply(f.db, BEN, own.reply.id)).toBeUndefined();
    expect(getSavedReply(f.db, ADMIN, own.reply.id)).toBeUndefined();
    expect(matchSavedReplies(f.db, BEN, "ann")).toEqual([]);
    expect(editSavedReply(f.db, ADMIN, own.reply.id, { title: "Taken" }, f.clock)).toEqual({ ok: false, reason: "not_found" });
    expect(deleteSavedReply(f.db, BEN, own.reply.id)).toEqual({ ok: false, reason: "not_found" });
    expect(matchSavedReplies(f.db, ANN, "words").map((r) => r.title)).toEqual(["Mine"]);
    expect(deleteSavedReply(f.db, ANN, own.reply.id).ok).toBe(true);
  });

  it("refuses titles and contents Telegram could not offer or send", () => {
    const add = (title: string, content: Parameters<typeof addSavedReply>[4]) => addSavedReply(f.db, ANN, "own", title, content, f.clock);
    expect(add("", { kind: "text", text: "x" })).toEqual({ ok: false, reason: "bad_title" });
    expect(add("x".repeat(65), { kind: "text", text: "x" })).toEqual({ ok: false, reason: "bad_title" });
    expect(add("/start", { kind: "text", text: "x" })).toEqual({ ok: false, reason: "bad_title" });
    expect(add("t", { kind: "text", text: " " })).toEqual({ ok: false, reason: "bad_content" });
    expect(add("t", { kind: "text", text: "x".repeat(4097) })).toEqual({ ok: false, reason: "bad_content" });
    expect(add("t", { kind: "photo" })).toEqual({ ok: false, reason: "bad_content" });
    expect(add("t", { kind: "photo", fileId: "f", text: "x".repeat(1025) })).toEqual({ ok: false, reason: "bad_content" });
    expect(add("t", { kind: "location", fileId: "f" })).toEqual({ ok: false, reason: "bad_content" });
    expect(add("t", { kind: "photo", fileId: "f", text: "x".repeat(1024) }).ok).toBe(true);
    expect(f.db.$client.prepare("select count(*) n from saved_replies").get()).toEqual({ n: 1 });
  });

  it("offers at most 50, Telegram's limit for one answer", () => {
    for (let i = 0; i < 60; i++) addSavedReply(f.db, ADMIN, "team", `Reply ${i}`, { kind: "text", text: "same" }, f.clock);
    expect(matchSavedReplies(f.db, ANN, "same")).toHaveLength(50);
  });
});
