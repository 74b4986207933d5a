import { beforeEach, describe, expect, it } from "vitest";
import { getChat } from "../src/rules/chats.js";
import { pendingCount } from "../src/rules/outbox.js";
import { CHANNELS, FILTERS } from "../src/rules/profile.js";
import { assign, claim, setResponsibleEnabled } from "../src/rules/responsibles.js";
import { button, labels } from "./support/buttons.js";
import { consoleForEachTest } from "./support/console.js";
import { addOperator } from "./support/team.js";

const ADMIN = 100;

// The same behaviour in both inbox modes: one stream with cards, or a topic per client chat.
describe.each(["stream", "threads"] as const)("%s inbox", (mode) => {
  const t = consoleForEachTest({ threadedBot: mode === "threads" });

  beforeEach(async () => {
    // The admin has notifications off so that the matrix below counts only the nine profiles under test.
    addOperator(t.app.db, t.fake.user(ADMIN, "Admin"), { role: "admin", notifyChannel: "off" });
  });

  const drained = () => t.fake.until(() => pendingCount(t.app.db) === 0 && t.app.db.$client.prepare("select count(*) n from outbox").get());

  describe("every operator gets exactly what their profile asks for", () => {
    it("covers channel × filter × kind of chat", async () => {
      const profiles = CHANNELS.flatMap((channel) => FILTERS.map((filter) => ({ channel, filter })));
      const ops = profiles.map((p, i) => {
        const user = t.fake.user(200 + i, `Op${i}`);
        addOperator(t.app.db, user, { notifyChannel: p.channel, notifyFilter: p.filter });
        return { ...p, id: user.id };
      });
      const unassigned = t.fake.user(500, "Una");
      const switchedOff = t.fake.user(501, "Offa");
      const group = { id: -100900, type: "supergroup", title: "Partners" } as const;
      const member = t.fake.user(502, "Gus");
      const owned = ops.map((op, i) => ({ op, client: t.fake.user(600 + i, `Client${i}`) }));

      // Set the chats up: each client writes once, then the chats get their responsibles (or none).
      for (const c of [unassigned, switchedOff, ...owned.map((o) => o.client)]) t.fake.send(c, { text: "setup" });
      t.fake.send(member, { text: "setup" }, { chat: group as any });
      await t.fake.until(() => (t.app.db.$client.prepare("select count(*) n from chats").get() as { n: number }).n === owned.length + 3);
      const chatOf = (telegramId: number) =>
        t.app.db.$client.prepare("select id from chats where telegram_chat_id = ?").get(telegramId) as { id: number };
      expect(setResponsibleEnabled(t.app.db, chatOf(switchedOff.id).id, false, ADMIN, t.app.deps.clock).ok).toBe(true);
      for (const { op, client } of owned)
        expect(assign(t.app.db, chatOf(client.id).id, op.id, { operatorId: ADMIN }, t.app.deps.clock).ok).toBe(true);
      t.app.worker.kick();
      await drained();

      const before = new Map(ops.map((op) => [op.id, t.fake.botMessages(op.id).length]));
      t.fake.send(unassigned, { text: "probe:unassigned" });
      t.fake.send(switchedOff, { text: "probe:off" });
      t.fake.send(member, { text: "probe:group" }, { chat: group as any });
      for (const { op, client } of owned) t.fake.send(client, { text: `probe:owner-${op.id}` });
      await t.fake.until(
        () =>
          (t.app.db.$client.prepare("select count(*) n from messages where text like 'probe:%'").get() as { n: number }).n ===
          owned.length + 3,
      );
      await drained();

      for (const op of ops) {
        const received = t.fake
          .botMessages(op.id)
          .slice(before.get(op.id))
          .filter((s) => s.message.text?.startsWith("probe:"));
        const expected: string[] = [];
        if (op.channel !== "off") {
          if (op.filter !== "mine") expected.push("probe:unassigned", "probe:off", "probe:group");
          for (const { op: owner } of owned) if (owner.id === op.id || op.filter === "all") expected.push(`probe:owner-${owner.id}`);
        }
        const cell = `${op.channel}/${op.filter}`;
        expect(received.map((s) => s.message.text).sort(), cell).toEqual(expected.sort());
        expect(
          received.every((s) => s.silent === (op.channel === "silent")),
          cell,
        ).toBe(true);
      }

      // The client changed for these operators, so a card precedes the message: two calls per recipient...
      const receivers = ops.filter((op) => op.channel !== "off" && op.filter !== "mine");
      const sendsFor = async (text: string) => {
        const callsBefore = t.fake.calls.length;
        t.fake.send(unassigned, { text });
        await t.fake.until(() => receivers.every((op) => t.fake.botMessages(op.id).some((s) => s.message.text === text)));
        await drained();
        return t.fake.calls
          .slice(callsBefore)
          .filter((c) => c.method !== "getUpdates")
          .map((c) => c.method)
          .sort();
      };
      // (In threaded mode the chat's topic already holds its card: one call per recipient from the start.)
      expect(await sendsFor("again")).toEqual(
        mode === "threads"
          ? receivers.map(() => "copyMessage")
          : [...receivers.map(() => "copyMessage"), ...receivers.map(() => "sendMessage")],
      );
      // ...and a further message from the same client costs exactly one call per recipient: no second card.
      expect(await sendsFor("and again")).toEqual(receivers.map(() => "copyMessage"));
    });
  });

  describe("events follow the channel, not the filter", () => {
    it("announces an assignment to a 'mine only' operator, silently for a silent one, not at all when off", async () => {
      const loud = t.fake.user(201, "Loud");
      const quiet = t.fake.user(202, "Quiet");
      const deaf = t.fake.user(203, "Deaf");
      addOperator(t.app.db, loud, { notifyFilter: "mine" });
      addOperator(t.app.db, quiet, { notifyFilter: "mine", notifyChannel: "silent" });
      addOperator(t.app.db, deaf, { notifyChannel: "off" });
      const clients = [t.fake.user(500, "C1"), t.fake.user(501, "C2"), t.fake.user(502, "C3")];
      clients.forEach((c) => {
        t.fake.send(c, { text: "hi" });
      });
      await t.fake.until(() => (t.app.db.$client.prepare("select count(*) n from chats").get() as { n: number }).n === 3);
      [loud, quiet, deaf].forEach((op, i) => {
        assign(t.app.db, i + 1, op.id, { operatorId: ADMIN }, t.app.deps.clock);
      });
      t.app.worker.kick();
      await drained();
      const notice = (id: number) => t.fake.botMessages(id).find((s) => s.message.text?.includes("made you responsible"));
      expect(notice(loud.id)?.silent).toBe(false);
      expect(notice(quiet.id)?.silent).toBe(true);
      expect(t.fake.botMessages(deaf.id)).toHaveLength(0);
      // Loud now gets the chat's messages (they are his), with sound.
      t.fake.send(clients[0]!, { text: "are you there?" });
      const copy = await t.fake.until(() => t.fake.botMessages(loud.id).find((s) => s.message.text === "are you there?"));
      expect(copy.silent).toBe(false);
    });

    it("edits followers' cards when a chat gets a responsible, tells the one it was taken from, and who follows a closed chat", async () => {
      const ann = t.fake.user(201, "Ann");
      const ben = t.fake.user(202, "Ben");
      addOperator(t.app.db, ann);
      addOperator(t.app.db, ben, { notifyFilter: "all" });
      const carol = t.fake.user(500, "Carol");
      t.fake.send(carol, { text: "hi" });
      const annCard = await t.fake.until(() => t.fake.botMessages(ann.id).find((s) => s.message.text?.startsWith("💬 #1")));
      await drained();
      const annCount = t.fake.botMessages(ann.id).length;
      expect(claim(t.app.db, 1, ben.id, t.app.deps.clock).ok).toBe(true);
      t.app.worker.kick();
      await t.fake.until(() => t.fake.world.find(ann.id, annCard.message.message_id)!.message.text?.includes("Responsible: Ben"));
      await drained();
      // The card was edited in place: Ann got no new message, and she no longer follows the chat.
      expect(t.fake.botMessages(ann.id)).toHaveLength(annCount);
      t.fake.send(carol, { text: "for Ben only" });
      await t.fake.until(() => t.fake.botMessages(ben.id).some((s) => s.message.text === "for Ben only"));
      await drained();
      expect(t.fake.botMessages(ann.id)).toHaveLength(annCount);

      expect(assign(t.app.db, 1, ann.id, { operatorId: ADMIN }, t.app.deps.clock).ok).toBe(true);
      t.app.worker.kick();
      await t.fake.until(() =>
        t.fake.botMessages(ben.id).some((s) => s.message.text?.includes("Admin took #1 Carol from you: Ann is responsible now")),
      );
      // Ben follows all chats, so he hears it was closed by Ann.
      // Her card for the assignment is sent by the worker independently of Ben's notice: wait for it too.
      const latestAnnCard = await t.fake.until(() => t.fake.botMessages(ann.id).findLast((s) => labels(s).includes("✅ Close")));
      t.fake.press(t.fake.world.chat(ann.id)!.chat as any, latestAnnCard.message, button(latestAnnCard, "Close"));
      await t.fake.until(() => t.fake.botMessages(ben.id).some((s) => s.message.text === "✅ Ann closed #1 Carol."));
      expect(getChat(t.app.db, 1)?.status).toBe("closed");
    });

    it("/profile shows and changes one's own settings only", async () => {
      const ann = t.fake.user(201, "Ann");
      addOperator(t.app.db, ann);
      t.fake.send(ann, { text: "/profile" });
      const menu = await t.fake.until(() => t.fake.botMessages(ann.id).find((s) => s.message.text?.startsWith("Your notifications")));
      expect(menu.message.text).toContain("Now: with sound, new and mine");
      expect(labels(menu)).toEqual(["✅ 🔔 Sound", "🔕 Silent", "⛔ Off", "All chats", "✅ New and mine", "Mine only"]);
      t.fake.press(ann, menu.message, button(menu, "Silent"));
      await t.fake.until(() => labels(t.fake.world.find(ann.id, menu.message.message_id)).includes("✅ 🔕 Silent"));
      // The admin pressing Ann's menu changes the admin's own profile, never Ann's.
      t.fake.press(
        t.fake.world.chat(ADMIN)!.chat as any,
        menu.message,
        button(t.fake.world.find(ann.id, menu.message.message_id)!, "Mine only"),
      );
      await t.fake.until(
        () => (t.app.db.$client.prepare("select notify_filter f from operators where id = ?").get(ADMIN) as { f: string }).f === "mine",
      );
      expect(t.app.db.$client.prepare("select notify_channel c, notify_filter f from operators where id = ?").get(ann.id)).toEqual({
        c: "silent",
        f: "new_and_mine",
      });
    });
  });
});
