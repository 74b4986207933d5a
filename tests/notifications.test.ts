import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getChat } from "../src/rules/chats.js";
import { pendingCount } from "../src/rules/outbox.js";
import type { Channel, Filter } from "../src/rules/profile.js";
import { assign, claim, setResponsibleEnabled } from "../src/rules/responsibles.js";
import { FakeTelegram } from "./support/fake-telegram/server.js";
import { button, labels } from "./support/buttons.js";
import { type RunningConsole, startConsole, tempDir } from "./support/console.js";
import { addOperator } from "./support/team.js";

let fake: FakeTelegram;
let dir: ReturnType<typeof tempDir>;
let app: RunningConsole;
const ADMIN = 100;

beforeEach(async () => {
  fake = await new FakeTelegram().start();
  dir = tempDir();
  // The admin has notifications off so that the matrix below counts only the nine profiles under test.
  app = await startConsole(fake, { dbPath: `${dir.path}/c.sqlite` });
  addOperator(app.db, fake.user(ADMIN, "Admin"), { role: "admin", notifyChannel: "off" });
});

afterEach(async () => {
  await app.stop();
  await fake.stop();
  dir.remove();
});

const drained = () => fake.until(() => pendingCount(app.db) === 0 && app.db.$client.prepare("select count(*) n from outbox").get());

const CHANNELS: Channel[] = ["sound", "silent", "off"];
const FILTERS: Filter[] = ["all", "new_and_mine", "mine"];

describe("every operator gets exactly what their profile asks for", () => {
  it("covers channel × filter × kind of chat", async () => {
    const profiles = CHANNELS.flatMap((channel) => FILTERS.map((filter) => ({ channel, filter })));
    const ops = profiles.map((p, i) => {
      const user = fake.user(200 + i, `Op${i}`);
      addOperator(app.db, user, { notifyChannel: p.channel, notifyFilter: p.filter });
      return { ...p, id: user.id };
    });
    const unassigned = fake.user(500, "Una");
    const switchedOff = fake.user(501, "Offa");
    const group = { id: -100900, type: "supergroup", title: "Partners" } as const;
    const member = fake.user(502, "Gus");
    const owned = ops.map((op, i) => ({ op, client: fake.user(600 + i, `Client${i}`) }));

    // Set the chats up: each client writes once, then the chats get their responsibles (or none).
    for (const c of [unassigned, switchedOff, ...owned.map((o) => o.client)]) fake.send(c, { text: "setup" });
    fake.send(member, { text: "setup" }, { chat: group as any });
    await fake.until(() => (app.db.$client.prepare("select count(*) n from chats").get() as { n: number }).n === owned.length + 3);
    const chatOf = (telegramId: number) => app.db.$client.prepare("select id from chats where telegram_chat_id = ?").get(telegramId) as { id: number };
    expect(setResponsibleEnabled(app.db, chatOf(switchedOff.id).id, false, ADMIN, app.deps.clock).ok).toBe(true);
    for (const { op, client } of owned) expect(assign(app.db, chatOf(client.id).id, op.id, { operatorId: ADMIN }, app.deps.clock).ok).toBe(true);
    app.worker.kick();
    await drained();

    const before = new Map(ops.map((op) => [op.id, fake.botMessages(op.id).length]));
    fake.send(unassigned, { text: "probe:unassigned" });
    fake.send(switchedOff, { text: "probe:off" });
    fake.send(member, { text: "probe:group" }, { chat: group as any });
    for (const { op, client } of owned) fake.send(client, { text: `probe:owner-${op.id}` });
    await fake.until(() => (app.db.$client.prepare("select count(*) n from messages where text like 'probe:%'").get() as { n: number }).n === owned.length + 3);
    await drained();

    for (const op of ops) {
      const received = fake
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
      expect(received.every((s) => s.silent === (op.channel === "silent")), cell).toBe(true);
    }

    // The client changed for these operators, so a card precedes the message: two calls per recipient...
    const receivers = ops.filter((op) => op.channel !== "off" && op.filter !== "mine");
    const sendsFor = async (text: string) => {
      const callsBefore = fake.calls.length;
      fake.send(unassigned, { text });
      await fake.until(() => receivers.every((op) => fake.botMessages(op.id).some((s) => s.message.text === text)));
      await drained();
      return fake.calls.slice(callsBefore).filter((c) => c.method !== "getUpdates").map((c) => c.method).sort();
    };
    expect(await sendsFor("again")).toEqual([...receivers.map(() => "copyMessage"), ...receivers.map(() => "sendMessage")]);
    // ...and a further message from the same client costs exactly one call per recipient: no second card.
    expect(await sendsFor("and again")).toEqual(receivers.map(() => "copyMessage"));
  });
});

describe("events follow the channel, not the filter", () => {
  it("announces an assignment to a 'mine only' operator, silently for a silent one, not at all when off", async () => {
    const loud = fake.user(201, "Loud");
    const quiet = fake.user(202, "Quiet");
    const deaf = fake.user(203, "Deaf");
    addOperator(app.db, loud, { notifyFilter: "mine" });
    addOperator(app.db, quiet, { notifyFilter: "mine", notifyChannel: "silent" });
    addOperator(app.db, deaf, { notifyChannel: "off" });
    const clients = [fake.user(500, "C1"), fake.user(501, "C2"), fake.user(502, "C3")];
    clients.forEach((c) => fake.send(c, { text: "hi" }));
    await fake.until(() => (app.db.$client.prepare("select count(*) n from chats").get() as { n: number }).n === 3);
    [loud, quiet, deaf].forEach((op, i) => assign(app.db, i + 1, op.id, { operatorId: ADMIN }, app.deps.clock));
    app.worker.kick();
    await drained();
    const notice = (id: number) => fake.botMessages(id).find((s) => s.message.text?.includes("made you responsible"));
    expect(notice(loud.id)?.silent).toBe(false);
    expect(notice(quiet.id)?.silent).toBe(true);
    expect(fake.botMessages(deaf.id)).toHaveLength(0);
    // Loud now gets the chat's messages (they are his), with sound.
    fake.send(clients[0]!, { text: "are you there?" });
    const copy = await fake.until(() => fake.botMessages(loud.id).find((s) => s.message.text === "are you there?"));
    expect(copy.silent).toBe(false);
  });

  it("edits followers' cards when a chat gets a responsible, tells the one it was taken from, and who follows a closed chat", async () => {
    const ann = fake.user(201, "Ann");
    const ben = fake.user(202, "Ben");
    addOperator(app.db, ann);
    addOperator(app.db, ben, { notifyFilter: "all" });
    const carol = fake.user(500, "Carol");
    fake.send(carol, { text: "hi" });
    const annCard = await fake.until(() => fake.botMessages(ann.id).find((s) => s.message.text?.startsWith("💬 #1")));
    await drained();
    const annCount = fake.botMessages(ann.id).length;
    expect(claim(app.db, 1, ben.id, app.deps.clock).ok).toBe(true);
    app.worker.kick();
    await fake.until(() => fake.world.find(ann.id, annCard.message.message_id)!.message.text?.includes("Responsible: Ben"));
    await drained();
    // The card was edited in place: Ann got no new message, and she no longer follows the chat.
    expect(fake.botMessages(ann.id)).toHaveLength(annCount);
    fake.send(carol, { text: "for Ben only" });
    await fake.until(() => fake.botMessages(ben.id).some((s) => s.message.text === "for Ben only"));
    await drained();
    expect(fake.botMessages(ann.id)).toHaveLength(annCount);

    expect(assign(app.db, 1, ann.id, { operatorId: ADMIN }, app.deps.clock).ok).toBe(true);
    app.worker.kick();
    await fake.until(() => fake.botMessages(ben.id).some((s) => s.message.text?.includes("Admin took #1 Carol from you: Ann is responsible now")));
    // Ben follows all chats, so he hears it was closed by Ann.
    const latestAnnCard = fake.botMessages(ann.id).findLast((s) => labels(s).includes("✅ Close"))!;
    fake.press(fake.world.chat(ann.id)!.chat as any, latestAnnCard.message, button(latestAnnCard, "Close"));
    await fake.until(() => fake.botMessages(ben.id).some((s) => s.message.text === "✅ Ann closed #1 Carol."));
    expect(getChat(app.db, 1)?.status).toBe("closed");
  });

  it("/profile shows and changes one's own settings only", async () => {
    const ann = fake.user(201, "Ann");
    addOperator(app.db, ann);
    fake.send(ann, { text: "/profile" });
    const menu = await fake.until(() => fake.botMessages(ann.id).find((s) => s.message.text?.startsWith("Your notifications")));
    expect(menu.message.text).toContain("Now: with sound, new and mine");
    expect(labels(menu)).toEqual(["✅ 🔔 Sound", "🔕 Silent", "⛔ Off", "All chats", "✅ New and mine", "Mine only"]);
    fake.press(ann, menu.message, button(menu, "Silent"));
    await fake.until(() => labels(fake.world.find(ann.id, menu.message.message_id)).includes("✅ 🔕 Silent"));
    // The admin pressing Ann's menu changes the admin's own profile, never Ann's.
    fake.press(fake.world.chat(ADMIN)!.chat as any, menu.message, button(fake.world.find(ann.id, menu.message.message_id)!, "Mine only"));
    await fake.until(() => (app.db.$client.prepare("select notify_filter f from operators where id = ?").get(ADMIN) as { f: string }).f === "mine");
    expect(app.db.$client.prepare("select notify_channel c, notify_filter f from operators where id = ?").get(ann.id)).toEqual({ c: "silent", f: "new_and_mine" });
  });
});
