import { beforeEach, describe, expect, it } from "vitest";
import { setSetting } from "../src/rules/settings.js";
import { consoleForEachTest } from "./support/console.js";
import { addOperator } from "./support/team.js";

const ADA = 100;
const BOB = 101;

// The same behaviour in both inbox modes: one stream with cards, or a topic per client chat.
describe.each(["stream", "threads"] as const)("%s inbox", (mode) => {
  const t = consoleForEachTest({ adminIds: [ADA], threadedBot: mode === "threads" });

  beforeEach(async () => {
    t.fake.user(ADA, "Ada");
    addOperator(t.app.db, t.fake.user(BOB, "Bob"));
  });

  describe("client messages reach operators", () => {
    it("relays a text to every operator, preceded by the chat card", async () => {
      const carol = t.fake.user(500, "Carol", "carol");
      t.fake.send(carol, { text: "Hello, I need help" });
      for (const op of [ADA, BOB]) {
        const seen = await t.fake.until(() => (t.fake.botMessages(op).length >= 2 ? t.fake.botMessages(op) : undefined));
        expect(seen[0]!.message.text).toContain("#1 · Carol (@carol)");
        expect(seen[0]!.message.text).toContain("unassigned");
        expect(seen[1]!.message.text).toBe("Hello, I need help");
      }
    });
  });

  describe("kinds of messages", () => {
    it("copies a photo with its caption and keeps an album together in one copyMessages call", async () => {
      const carol = t.fake.user(500, "Carol");
      t.fake.send(carol, { photo: true, caption: "my receipt" });
      const photo = await t.fake.until(() => t.fake.botMessages(ADA).find((s) => s.message.photo));
      expect(photo.message.caption).toBe("my receipt");

      const parts = [1, 2, 3].map((i) =>
        t.fake.send(carol, { photo: true, caption: i === 1 ? "album" : undefined }, { mediaGroupId: "alb-1" }),
      );
      const album = await t.fake.until(() => {
        const got = t.fake.botMessages(ADA).filter((s) => s.message.media_group_id);
        return got.length === 3 ? got : undefined;
      });
      expect(new Set(album.map((s) => s.message.media_group_id)).size).toBe(1);
      const copies = t.fake.callsOf("copyMessages").filter((c) => c.params.chat_id === ADA);
      expect(copies).toHaveLength(1);
      expect(copies[0]!.params.message_ids).toEqual(parts.map((p) => p.message_id));
    });

    it("relays voice, sticker, location, contact, poll and dice", async () => {
      const carol = t.fake.user(500, "Carol");
      const kinds = [
        { voice: true as const },
        { sticker: true as const },
        { location: { latitude: 1, longitude: 2 } },
        { contact: { phone_number: "+100", first_name: "X" } },
        { poll: { question: "Which?" } },
        { dice: true as const },
      ];
      for (const k of kinds) t.fake.send(carol, k);
      const got = await t.fake.until(() => (t.fake.botMessages(BOB).length === kinds.length + 1 ? t.fake.botMessages(BOB) : undefined));
      expect(
        got
          .slice(1)
          .map((s) => Object.keys(s.message).find((k) => ["voice", "sticker", "location", "contact", "poll", "dice"].includes(k))),
      ).toEqual(["voice", "sticker", "location", "contact", "poll", "dice"]);
    });

    it("tells operators what a message was when Telegram cannot copy it", async () => {
      const carol = t.fake.user(500, "Carol");
      t.fake.send(carol, { invoice: true });
      const line = await t.fake.until(() => t.fake.botMessages(ADA).find((s) => s.message.text?.includes("invoice")));
      expect(line.message.text).toContain("Carol sent something Telegram does not let bots copy (invoice)");
      expect(t.fake.callsOf("copyMessage")).toHaveLength(0);
    });
  });

  describe("group chats", () => {
    it("relays anonymous admins, members posting as a channel and the linked channel's posts, named by that chat", async () => {
      const group = { id: -100900, type: "supergroup", title: "Partners" } as const;
      const channel = { id: -100901, type: "channel", title: "Acme News" } as const;
      t.fake.sendAs(group, { text: "from an anonymous admin" }, { chat: group });
      t.fake.sendAs(channel, { text: "posted as a channel" }, { chat: group });
      t.fake.sendAs(channel, { text: "a channel post" }, { chat: group, automaticForward: true });
      const texts = ["from an anonymous admin", "posted as a channel", "a channel post"];
      const seen = await t.fake.until(() => {
        const got = t.fake.botMessages(ADA).filter((s) => texts.includes(s.message.text ?? ""));
        return got.length === 3 ? got : undefined;
      });
      // Forwarded, so each shows who wrote it: the group itself, or the channel.
      expect(
        seen.map((s) => (s.message.forward_origin as any)?.sender_chat?.title ?? (s.message.forward_origin as any)?.chat?.title),
      ).toEqual(["Partners", "Acme News", "Acme News"]);
      const stored = t.app.db.$client.prepare("select sender_name n, sender_user_id u from messages order by id").all();
      expect(stored).toEqual([
        { n: "Partners", u: group.id },
        { n: "Acme News", u: channel.id },
        { n: "Acme News", u: channel.id },
      ]);
    });

    it("still ignores messages from other bots in a group", async () => {
      const group = { id: -100900, type: "supergroup", title: "Partners" } as const;
      const otherBot = { id: 555, is_bot: true, first_name: "Helper" };
      t.fake.send(otherBot, { text: "beep" }, { chat: group as any });
      t.fake.send(t.fake.user(600, "Gus"), { text: "marker" }, { chat: group as any });
      await t.fake.until(() => t.fake.botMessages(ADA).some((s) => s.message.text === "marker"));
      expect(t.fake.botMessages(ADA).some((s) => s.message.text === "beep")).toBe(false);
    });
  });

  describe("operators answer by replying", () => {
    it("routes each reply to the right client while three clients talk at once", async () => {
      const clients = [t.fake.user(501, "Cid"), t.fake.user(502, "Dee"), t.fake.user(503, "Eve")];
      clients.forEach((c) => {
        t.fake.send(c, { text: `question from ${c.first_name}` });
      });
      const copies = await t.fake.until(() => {
        const got = t.fake.botMessages(ADA).filter((s) => s.message.text?.startsWith("question from"));
        return got.length === 3 ? got : undefined;
      });
      // Each card appears before its client's message, because the client changes each time.
      expect(t.fake.botMessages(ADA).filter((s) => s.message.text?.startsWith("💬 #"))).toHaveLength(3);
      for (const copy of copies.reverse()) {
        const name = copy.message.text!.split(" ").at(-1)!;
        t.fake.send(t.fake.user(ADA, "Ada"), { text: `answer for ${name}` }, { replyTo: copy.message.message_id });
      }
      for (const c of clients) {
        const answer = await t.fake.until(() => t.fake.lastBotMessage(c.id));
        expect(answer.message.text).toBe(`answer for ${c.first_name}`);
        expect(t.fake.botMessages(c.id)).toHaveLength(1);
      }
    });

    it("accepts a reply to the chat card, and threads replies both ways", async () => {
      const carol = t.fake.user(500, "Carol");
      const ada = t.fake.user(ADA, "Ada");
      const question = t.fake.send(carol, { text: "Is it open?" });
      const card = await t.fake.until(() => t.fake.botMessages(ADA).find((s) => s.message.text?.includes("#1 ·")));
      const copy = await t.fake.until(() => t.fake.botMessages(ADA).find((s) => s.message.text === "Is it open?"));

      // A reply to the card is an answer that quotes nothing; a reply to the copy quotes the client's message.
      t.fake.send(ada, { text: "Hello!" }, { replyTo: card.message.message_id });
      t.fake.send(ada, { text: "Yes, it is." }, { replyTo: copy.message.message_id });
      const answers = await t.fake.until(() => (t.fake.botMessages(carol.id).length === 2 ? t.fake.botMessages(carol.id) : undefined));
      expect(answers[0]!.message.reply_to_message).toBeUndefined();
      expect(answers[1]!.message.reply_to_message?.message_id).toBe(question.message_id);

      // The client replies to the operator's answer: the operator's copy is a reply to their own original.
      t.fake.send(carol, { text: "Thanks" }, { replyTo: answers[1]!.message.message_id });
      const thanks = await t.fake.until(() => t.fake.botMessages(ADA).find((s) => s.message.text === "Thanks"));
      const adaOriginal = t.fake.world.messages(ADA).find((s) => s.message.text === "Yes, it is.")!;
      expect(thanks.message.reply_to_message?.message_id).toBe(adaOriginal.message.message_id);
    });

    it("threads a client's reply to their own message, found by its source rather than a location row", async () => {
      const carol = t.fake.user(500, "Carol");
      const first = t.fake.send(carol, { text: "Order 77" });
      const copy = await t.fake.until(() => t.fake.botMessages(BOB).find((s) => s.message.text === "Order 77"));
      t.fake.send(carol, { text: "It has not arrived" }, { replyTo: first.message_id });
      const second = await t.fake.until(() => t.fake.botMessages(BOB).find((s) => s.message.text === "It has not arrived"));
      expect(second.message.reply_to_message?.message_id).toBe(copy.message.message_id);
      // What the console stored needs no second row: locations hold only what the bot sent.
      const kinds = t.app.db.$client.prepare("SELECT DISTINCT kind FROM locations").pluck().all();
      expect(kinds).not.toContain("original");
      expect(kinds).toContain("copy");
    });

    it("explains how to answer when an operator writes without replying", async () => {
      t.fake.send(t.fake.user(BOB, "Bob"), { text: "hello?" });
      const hint = await t.fake.until(() => t.fake.lastBotMessage(BOB));
      // The stream answers by reply; the threaded inbox by writing in the client's topic.
      expect(hint.message.text).toContain(mode === "stream" ? "reply to one of their messages" : "write in their topic");
    });

    it("applies edits both ways", async () => {
      const carol = t.fake.user(500, "Carol");
      const ada = t.fake.user(ADA, "Ada");
      const question = t.fake.send(carol, { text: "My order is 123" });
      const copy = await t.fake.until(() => t.fake.botMessages(ADA).find((s) => s.message.text === "My order is 123"));
      t.fake.edit(carol, question.message_id, "My order is 124");
      const notice = await t.fake.until(() => t.fake.botMessages(ADA).find((s) => s.message.text?.includes("edited")));
      expect(notice.message.text).toContain("My order is 124");
      expect(notice.message.reply_to_message?.message_id).toBe(copy.message.message_id);

      const answer = t.fake.send(ada, { text: "Checking 124" }, { replyTo: copy.message.message_id });
      const delivered = await t.fake.until(() => t.fake.lastBotMessage(carol.id));
      t.fake.edit(ada, answer.message_id, "Checking 124 now");
      await t.fake.until(() => t.fake.world.find(carol.id, delivered.message.message_id)!.message.text === "Checking 124 now");
    });
  });

  describe("signed replies", () => {
    it("keep the signature on the client's copy when the operator edits the text or the caption", async () => {
      expect(setSetting(t.app.db, ADA, "signReplies", true).ok).toBe(true);
      const carol = t.fake.user(500, "Carol");
      const ada = t.fake.user(ADA, "Ada");
      t.fake.send(carol, { text: "Hi" });
      const copy = await t.fake.until(() => t.fake.botMessages(ADA).find((s) => s.message.text === "Hi"));
      const text = t.fake.send(ada, { text: "Hello" }, { replyTo: copy.message.message_id });
      const photo = t.fake.send(ada, { photo: true, caption: "Your receipt" }, { replyTo: copy.message.message_id });
      const sentText = await t.fake.until(() => t.fake.botMessages(carol.id).find((s) => s.message.text === "Hello\n\n— Ada"));
      const sentPhoto = await t.fake.until(() => t.fake.botMessages(carol.id).find((s) => s.message.caption === "Your receipt\n\n— Ada"));
      t.fake.edit(ada, text.message_id, "Hello, Carol");
      t.fake.edit(ada, photo.message_id, "Your receipt, corrected");
      await t.fake.until(() => t.fake.world.find(carol.id, sentText.message.message_id)!.edits === 1);
      await t.fake.until(() => t.fake.world.find(carol.id, sentPhoto.message.message_id)!.edits === 1);
      expect(t.fake.world.find(carol.id, sentText.message.message_id)!.message.text).toBe("Hello, Carol\n\n— Ada");
      expect(t.fake.world.find(carol.id, sentPhoto.message.message_id)!.message.caption).toBe("Your receipt, corrected\n\n— Ada");
    });
  });

  describe("nothing twice", () => {
    it("relays an update delivered twice only once", async () => {
      const carol = t.fake.user(500, "Carol");
      const message = t.fake.send(carol, { text: "once" });
      await t.fake.until(() => t.fake.botMessages(ADA).find((s) => s.message.text === "once"));
      t.fake.replay({ message: message as any });
      t.fake.send(carol, { text: "marker" });
      await t.fake.until(() => t.fake.botMessages(ADA).find((s) => s.message.text === "marker"));
      expect(t.fake.botMessages(ADA).filter((s) => s.message.text === "once")).toHaveLength(1);
      expect(t.app.db.$client.prepare("select count(*) n from messages where text = 'once'").get()).toEqual({ n: 1 });
    });
  });
});
