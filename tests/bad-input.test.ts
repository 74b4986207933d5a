import { beforeEach, describe, expect, it } from "vitest";
import { setSetting } from "../src/rules/settings.js";
import { button } from "./support/buttons.js";
import { consoleForEachTest } from "./support/console.js";
import { addOperator } from "./support/team.js";

const ADA = 100;

const t = consoleForEachTest();

beforeEach(async () => {
  addOperator(t.app.db, t.fake.user(ADA, "Ada"), { role: "admin" });
});

const ada = () => t.fake.world.chat(ADA)!.chat as any;
/** A lone UTF-16 surrogate: what is left when a text is cut in the middle of a character such as an emoji. */
const brokenCharacter = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const failedUpdates = () => t.app.db.$client.prepare("select count(*) n from failed_updates").get();
const replyTo = async (text: string) => {
  const before = t.fake.botMessages(ADA).length;
  t.fake.send(ada(), { text });
  return (await t.fake.until(() => t.fake.botMessages(ADA).slice(before).at(-1))).message.text;
};

describe("bad input gets a clear answer and changes nothing", () => {
  it("answers unknown commands and wrong arguments with how to use them", async () => {
    expect(await replyTo("/frobnicate")).toBe("Unknown command. /help lists what you can do.");
    expect(await replyTo("/reset_on_close maybe")).toBe("Reset on close is off. Use /reset_on_close on or /reset_on_close off.");
    expect(await replyTo("/watchdog soon")).toBe(
      "The unanswered-chat reminder is 5 min. Use /watchdog N (minutes, up to 1440) or /watchdog off.",
    );
    expect(await replyTo("/watchdog 99999")).toContain("Use /watchdog N");
    expect(await replyTo("/report yesterday")).toBe("Use /report today, /report 7d or /report 30d.");
    expect(t.app.db.$client.prepare("select count(*) n from settings").get()).toEqual({ n: 0 });
  });

  it("relays a client's unknown /command as an ordinary message", async () => {
    t.fake.send(t.fake.user(500, "Cleo"), { text: "/price please" });
    await t.fake.until(() => t.fake.botMessages(ADA).some((s) => s.message.text === "/price please"));
  });

  it("cuts an edit notice that would pass Telegram's 4,096 characters, and a signed caption past 1,024", async () => {
    const cleo = t.fake.user(500, "Cleo");
    const long = "x".repeat(4096);
    const original = t.fake.send(cleo, { text: long });
    const copy = await t.fake.until(() => t.fake.botMessages(ADA).find((s) => s.message.text === long));
    t.fake.edit(cleo, original.message_id, "y".repeat(4096));
    const notice = await t.fake.until(() => t.fake.botMessages(ADA).find((s) => s.message.text?.startsWith("✏️")));
    expect(notice.message.text!.length).toBe(4096);
    expect(notice.message.text!.endsWith("…")).toBe(true);

    setSetting(t.app.db, ADA, "signReplies", true);
    t.fake.send(ada(), { photo: true, caption: "z".repeat(1024) }, { replyTo: copy.message.message_id });
    const signed = await t.fake.until(() => t.fake.botMessages(cleo.id).find((s) => s.message.photo));
    expect(signed.message.caption!.length).toBe(1024);
    expect(signed.message.caption!.endsWith("…\n\n— Ada")).toBe(true);
    t.fake.send(ada(), { text: "w".repeat(4096) }, { replyTo: copy.message.message_id });
    const text = await t.fake.until(() => t.fake.botMessages(cleo.id).find((s) => s.message.text?.startsWith("w")));
    expect(text.message.text!.length).toBe(4096);
    expect(text.message.text!.endsWith("…\n\n— Ada")).toBe(true);
    expect(t.fake.botMessages(ADA).some((s) => s.message.text?.startsWith("⚠️ Not delivered"))).toBe(false);
  });

  it("cuts long texts between characters, never inside an emoji: signed replies, notices and history lines", async () => {
    const cleo = t.fake.user(500, "Cleo");
    const emoji = "😀".repeat(2048); // 4,096 UTF-16 units, 2,048 characters
    const original = t.fake.send(cleo, { text: emoji });
    const copy = await t.fake.until(() => t.fake.botMessages(ADA).find((s) => s.message.text === emoji));
    t.fake.edit(cleo, original.message_id, `${emoji}!`);
    const notice = await t.fake.until(() => t.fake.botMessages(ADA).find((s) => s.message.text?.startsWith("✏️")));
    expect(setSetting(t.app.db, ADA, "signReplies", true).ok).toBe(true);
    t.fake.send(ada(), { text: emoji }, { replyTo: copy.message.message_id });
    t.fake.send(ada(), { photo: true, caption: "👍🏽".repeat(300) }, { replyTo: copy.message.message_id });
    const signed = await t.fake.until(() => t.fake.botMessages(cleo.id).find((s) => s.message.text?.startsWith("😀")));
    const photo = await t.fake.until(() => t.fake.botMessages(cleo.id).find((s) => s.message.photo));
    const card = t.fake.botMessages(ADA).find((s) => s.message.text?.startsWith("💬 #1"))!;
    t.fake.press(ada(), card.message, button(card, "History"));
    const history = await t.fake.until(() => t.fake.botMessages(ADA).find((s) => s.message.text?.startsWith("📜")));

    for (const [what, text, limit] of [
      ["notice", notice.message.text!, 4096],
      ["signed text", signed.message.text!, 4096],
      ["signed caption", photo.message.caption!, 1024],
      ["history", history.message.text!, 4096],
    ] as const) {
      expect(text.length, what).toBeLessThanOrEqual(limit);
      expect(brokenCharacter.test(text), `${what} has half a character`).toBe(false);
    }
    expect(signed.message.text!.endsWith("😀…\n\n— Ada")).toBe(true);
    // A skin-toned thumb is one character of two code points: it is kept whole or left out, never split.
    expect(photo.message.caption!.replace(/\n\n— Ada$/, "")).toMatch(/^(👍🏽)+…$/);
  });

  it("ignores update kinds it does not handle, service messages and channel posts, without errors", async () => {
    const gus = t.fake.user(600, "Gus");
    const group = { id: -100900, type: "supergroup", title: "Partners" } as any;
    t.fake.world.ensureChat(group);
    t.fake.replay({
      message_reaction: {
        chat: group,
        message_id: 1,
        date: 0,
        old_reaction: [],
        new_reaction: [{ type: "emoji", emoji: "👍" }],
        user: gus,
      },
    } as any);
    t.fake.replay({ inline_query: { id: "iq", from: gus, query: "x", offset: "" } } as any);
    t.fake.replay({ chat_join_request: { chat: group, from: gus, user_chat_id: gus.id, date: 0 } } as any);
    t.fake.replay({ poll_answer: { poll_id: "p", user: gus, option_ids: [0] } } as any);
    t.fake.replay({ message: { message_id: 1, date: 0, chat: group, from: gus, new_chat_members: [gus] } } as any);
    t.fake.world.ensureChat({ id: -100901, type: "channel", title: "News" } as any);
    t.fake.replay({ channel_post: { message_id: 1, date: 0, chat: { id: -100901, type: "channel", title: "News" }, text: "post" } } as any);
    t.fake.send(t.fake.user(500, "Cleo"), { text: "marker" });
    await t.fake.until(() => t.fake.botMessages(ADA).some((s) => s.message.text === "marker"));
    expect(t.fake.botMessages(ADA).filter((s) => s.message.text !== "marker" && !s.message.text?.startsWith("💬 #"))).toHaveLength(0);
    expect(t.app.db.$client.prepare("select count(*) n from chats").get()).toEqual({ n: 1 });
    expect(failedUpdates()).toEqual({ n: 0 });
  });
});
