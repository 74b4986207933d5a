import type { User } from "grammy/types";
import { describe, expect, it } from "vitest";
import type { Stored } from "./support/fake-telegram/world.js";
import { button } from "./support/buttons.js";
import { consoleForEachTest } from "./support/console.js";
import { addOperator } from "./support/team.js";
import { seedTopic } from "./support/topics.js";
import { closeChat } from "../src/rules/responsibles.js";
import { addSavedReply } from "../src/rules/saved-replies.js";
import { setRole } from "../src/rules/team.js";

type Role = "client" | "stranger" | "deactivated" | "operator" | "admin";
const ROLES: Role[] = ["client", "stranger", "deactivated", "operator", "admin"];
const ADMIN = 100;
const OPERATOR = 101;
const DEACTIVATED = 102;
const CLIENT = 500;
let strangerId = 900;

async function fresh() {
  addOperator(t.app.db, t.fake.user(ADMIN, "Ada"), { role: "admin" });
  addOperator(t.app.db, t.fake.user(OPERATOR, "Oli"));
  addOperator(t.app.db, t.fake.user(DEACTIVATED, "Dee"));
  t.app.db.$client.prepare("update operators set active = 0 where id = ?").run(DEACTIVATED);
  const client = t.fake.user(CLIENT, "Cleo");
  t.fake.send(client, { text: "hello" });
  await t.fake.until(() => t.fake.botMessages(OPERATOR).some((s) => s.message.text === "hello"));
}

function userFor(role: Role): User {
  switch (role) {
    case "client":
      return t.fake.world.chat(CLIENT)!.chat as unknown as User;
    case "stranger":
      return t.fake.user(strangerId++, "Stan");
    case "deactivated":
      return t.fake.world.chat(DEACTIVATED)!.chat as unknown as User;
    case "operator":
      return t.fake.world.chat(OPERATOR)!.chat as unknown as User;
    case "admin":
      return t.fake.world.chat(ADMIN)!.chat as unknown as User;
  }
}

const ALL_TABLES = [
  "operators",
  "invites",
  "settings",
  "groups",
  "group_members",
  "chats",
  "assignments",
  "closures",
  "held_replies",
  "ratings",
  "off_hours_answers",
  "saved_replies",
  "chat_notes",
  "tags",
  "chat_tags",
];

/** Everything a refused attempt must leave as it was (a relayed client message only touches its chat). */
function snapshot(tables = ALL_TABLES): string {
  return JSON.stringify(tables.map((table) => t.app.db.$client.prepare(`select * from ${table} order by rowid`).all()));
}

async function lastReply(user: User, before: number): Promise<string> {
  const reply = await t.fake.until(() => t.fake.botMessages(user.id).slice(before).at(-1));
  return reply.message.text ?? "";
}

const COMMANDS: Array<{ text: string; allowed: Role[]; ok: RegExp }> = [
  { text: "/invite", allowed: ["admin"], ok: /t\.me\/console_test_bot\?start=/ },
  { text: "/operators", allowed: ["admin"], ok: /^The team\./ },
  { text: "/groups", allowed: ["admin"], ok: /^No groups yet/ },
  { text: "/settings", allowed: ["admin"], ok: /^Team settings\./ },
  { text: "/reset_on_close on", allowed: ["admin"], ok: /^Reset on close is now on\.$/ },
  { text: "/watchdog 3", allowed: ["admin"], ok: /^The unanswered-chat reminder is now 3 min\.$/ },
  // Open around the clock, so the clients' messages in later rows get no off-hours answer.
  { text: "/hours Mon-Sun 00:00-24:00 UTC", allowed: ["admin"], ok: /^🕘 Business hours \(UTC\): Mon–Sun 00:00–24:00/ },
  { text: "/hours none", allowed: ["admin"], ok: /^🕘 No business hours are set/ },
  { text: "/online", allowed: ["operator", "admin"], ok: /^🟢 You are online/ },
  { text: "/away", allowed: ["operator", "admin"], ok: /^⚪ You are away/ },
  { text: "/profile", allowed: ["operator", "admin"], ok: /^Your notifications\./ },
  { text: "/chats", allowed: ["operator", "admin"], ok: /^Chats \(all, open\)/ },
  { text: "/replies", allowed: ["operator", "admin"], ok: /^💬 Saved replies\./ },
  { text: "/report", allowed: ["operator", "admin"], ok: /^📊 Report/ },
  // Typed without a chat meant (no topic, no reply), the card's actions ask which chat.
  { text: "/claim", allowed: ["operator", "admin"], ok: /^Claim which chat\?/ },
  { text: "/assign", allowed: ["operator", "admin"], ok: /^You have no open chats\./ },
  { text: "/close", allowed: ["operator", "admin"], ok: /^You have no open chats\./ },
  { text: "/reopen", allowed: ["operator", "admin"], ok: /^No closed chat you can reopen\./ },
  { text: "/history", allowed: ["operator", "admin"], ok: /^You have no open chats\./ },
  { text: "/note hello", allowed: ["operator", "admin"], ok: /^Which chat is the note for\?/ },
  { text: "/tag vip", allowed: ["operator", "admin"], ok: /^Which chat\?/ },
  { text: "/untag vip", allowed: ["operator", "admin"], ok: /^Which chat\?/ },
  { text: "/tags add vip", allowed: ["admin"], ok: /^(✅ #vip added\.|#vip is already on the list\.)$/ },
  { text: "/find hello", allowed: ["operator", "admin"], ok: /^🔎 “hello”/ },
];

function refusalFor(role: Role): RegExp {
  if (role === "deactivated") return /^(This is for the team's operators only\.|Your operator access has been removed)/;
  if (role === "operator") return /^Only an admin can do this\.$/;
  return /^This is for the team's operators only\.$/;
}

const t = consoleForEachTest();

/** Clients and strangers are not refused: their commands are messages to the team. */
const writesAsClient = (role: Role) => role === "client" || role === "stranger";

describe("who may do what", () => {
  it("answers every command for each role: allowed ones work, clients' are relayed, the rest are refused and change nothing", async () => {
    await fresh();
    for (const { text, allowed, ok } of COMMANDS) {
      for (const role of ROLES) {
        const user = userFor(role);
        const before = t.fake.botMessages(user.id).length;
        const state = snapshot();
        const cell = `${text} by ${role}`;
        if (writesAsClient(role)) {
          const relayedBefore = t.fake.botMessages(OPERATOR).filter((s) => s.message.text === text).length;
          const teamState = snapshot(ALL_TABLES.filter((table) => table !== "chats"));
          t.fake.send(user, { text });
          await t.fake.until(() => t.fake.botMessages(OPERATOR).filter((s) => s.message.text === text).length === relayedBefore + 1);
          expect(t.fake.botMessages(user.id).length, cell).toBe(before);
          expect(snapshot(ALL_TABLES.filter((table) => table !== "chats")), cell).toBe(teamState);
          continue;
        }
        t.fake.send(user, { text });
        const reply = await lastReply(user, before);
        if (allowed.includes(role)) {
          expect(reply, cell).toMatch(ok);
        } else {
          expect(reply, cell).toMatch(refusalFor(role));
          expect(snapshot(), cell).toBe(state);
        }
      }
    }
    // A deactivated operator's refused commands did not reach the team as a client's messages.
    expect(t.app.db.$client.prepare("select count(*) n from messages where sender_user_id = ?").get(DEACTIVATED)).toEqual({ n: 0 });
  }, 120_000);

  it("refuses the card's actions typed in a client's topic by someone no longer an operator, and relays nothing", async () => {
    await fresh();
    const dee = userFor("deactivated");
    const topic = seedTopic(t, DEACTIVATED, 1);
    for (const text of ["/close", "/claim", "/assign", "/reopen", "/history", "hello Cleo"]) {
      const before = t.fake.botMessages(DEACTIVATED).length;
      const state = snapshot([...ALL_TABLES, "messages"]);
      t.fake.send(dee, { text }, { threadId: topic });
      expect(await lastReply(dee, before), text).toMatch(refusalFor("deactivated"));
      expect(snapshot([...ALL_TABLES, "messages"]), text).toBe(state);
    }
    expect(t.fake.botMessages(CLIENT).map((s) => s.message.text)).toEqual([]);
    // Each refusal answered in the topic it was typed in.
    const answers = t.fake.botMessages(DEACTIVATED).filter((s) => s.message.message_id > topic);
    expect(answers.map((s) => s.message.message_thread_id)).toEqual(Array(6).fill(topic));
  });

  it("checks every card and menu button at press time, whoever pressed it and whatever they forged", async () => {
    t.app.db.$client.prepare("insert into tags (id, name, created_at) values (1, 'vip', 0)").run();
    await fresh();
    const card = t.fake.botMessages(OPERATOR).find((s) => s.message.text?.startsWith("💬 #1"))!;
    const ada = userFor("admin");
    t.fake.send(ada, { text: "/settings" });
    const settings = await t.fake.until(() => t.fake.botMessages(ADMIN).find((s) => s.message.text?.startsWith("Team settings")));
    t.fake.send(ada, { text: "/operators" });
    const roster = await t.fake.until(() => t.fake.botMessages(ADMIN).find((s) => s.message.text?.startsWith("The team.")));
    t.fake.press(ada, roster.message, button(roster, "Oli"));
    const operatorMenu = await t.fake.until(() => {
      const now = t.fake.world.find(ADMIN, roster.message.message_id)!;
      return JSON.stringify(now.message.reply_markup).includes("Deactivate") ? now : undefined;
    });

    t.fake.send(ada, { text: "/replies" });
    const replies = await t.fake.until(() => t.fake.botMessages(ADMIN).find((s) => s.message.text?.startsWith("💬 Saved replies")));
    t.fake.press(ada, replies.message, button(replies, "Team library"));
    const teamLibrary = await t.fake.until(() => {
      const now = t.fake.world.find(ADMIN, replies.message.message_id)!;
      return JSON.stringify(now.message.reply_markup).includes("Add") ? now : undefined;
    });

    const actions: Array<{ name: string; message: () => Stored; label: string; allowed: Role[] }> = [
      { name: "card Claim", message: () => card, label: "Claim", allowed: ["operator", "admin"] },
      { name: "card Tags", message: () => card, label: "Tags", allowed: ["operator", "admin"] },
      { name: "settings toggle", message: () => settings, label: "Reset responsible on close", allowed: ["admin"] },
      { name: "roster Deactivate", message: () => operatorMenu, label: "Deactivate", allowed: ["admin"] },
      { name: "replies team Add", message: () => teamLibrary, label: "Add", allowed: ["admin"] },
    ];
    for (const action of actions) {
      for (const role of ROLES.filter((r) => !action.allowed.includes(r))) {
        const state = snapshot();
        const q = t.fake.press(userFor(role), action.message().message, button(action.message(), action.label));
        await t.fake.until(() => t.fake.answered(q));
        expect(snapshot(), `${action.name} by ${role}`).toBe(state);
      }
    }
    // And the allowed presses do work.
    const q = t.fake.press(userFor("operator"), card.message, button(card, "Claim"));
    await t.fake.until(() => t.fake.answered(q));
    expect(t.app.db.$client.prepare("select responsible_id r from chats where id = 1").get()).toEqual({ r: OPERATOR });
    // The tag menu's toggle, pressed by whoever may not: nothing changes; pressed by an operator: the chat is tagged.
    for (const role of ROLES.filter((r) => r !== "operator" && r !== "admin")) {
      const state = snapshot();
      const q = t.fake.press(userFor(role), card.message, "oc:tt:1:1");
      await t.fake.until(() => t.fake.answered(q));
      expect(snapshot(), `tag toggle by ${role}`).toBe(state);
    }
    const toggled = t.fake.press(userFor("operator"), card.message, "oc:tt:1:1");
    await t.fake.until(() => t.fake.answered(toggled));
    expect(t.app.db.$client.prepare("select chat_id c, tag_id g from chat_tags").all()).toEqual([{ c: 1, g: 1 }]);
    // Forged callback data (not ours, malformed, or for a chat that does not exist) changes nothing and is answered.
    for (const data of [
      "oc:cl:1",
      "oc:zz:1:1",
      "oc:cl:999:0",
      "drop table",
      "oc:ao:1:0:100:7",
      "oc:tt:999:1",
      "oc:tt:1:999",
      "oc:tg:999",
    ]) {
      const state = snapshot();
      const forged = t.fake.press(userFor("operator"), card.message, data);
      await t.fake.until(() => t.fake.answered(forged));
      expect(snapshot(), data).toBe(state);
    }
  }, 60_000);

  it("offers saved replies through inline mode to active operators only", async () => {
    t.fake.world.botSettings.supportsInlineQueries = true;
    await fresh();
    addSavedReply(t.app.db, ADMIN, "team", "Greeting", { kind: "text", text: "Hello {client_name}" }, Date.now);
    for (const role of ROLES) {
      const q = t.fake.inlineQuery(userFor(role), "greet");
      const answer = await t.fake.until(() => t.fake.inlineAnswer(q));
      const expected = role === "operator" || role === "admin" ? ["Greeting"] : [];
      expect(
        (answer.results as Array<{ title: string }>).map((r) => r.title),
        role,
      ).toEqual(expected);
    }
  });

  it("refuses forged menu callbacks before drawing anything: no names, groups or settings reach a stranger", async () => {
    await fresh();
    const DEMOTED = 103;
    addOperator(t.app.db, t.fake.user(DEMOTED, "Dora"), { role: "admin" });
    expect(setRole(t.app.db, ADMIN, DEMOTED, "operator").ok).toBe(true);
    t.app.db.$client.prepare("insert into groups (id, name, algorithm, created_at) values (1, 'Sales', 'round_robin', 0)").run();
    t.app.db.$client.prepare("insert into group_members (group_id, operator_id) values (1, ?)").run(OPERATOR);
    const names = ["Ada", "Oli", "Dee", "Dora", "Cleo", "Sales", "Reset responsible", "reminder"];
    const adminMenus = [
      "roster/0/0//h0",
      `operator/0/0/${OPERATOR}/h0`,
      `operator/0/1/${ADMIN}/h0`,
      "groups/0/0//h0",
      "group/0/0/1/h0",
      "group/1/0/1/h0",
      "settings/0/0//h0",
      "settings/2/0//h0",
    ];
    const cases: Array<{ who: string; user: () => User; refused: string[]; refusal: RegExp }> = [
      {
        who: "client",
        user: () => userFor("client"),
        refused: [...adminMenus, "profile/0/0//h0"],
        refusal: /^This is for the team's operators only\.$/,
      },
      {
        who: "stranger",
        user: () => userFor("stranger"),
        refused: [...adminMenus, "profile/0/0//h0"],
        refusal: /^This is for the team's operators only\.$/,
      },
      {
        who: "deactivated",
        user: () => userFor("deactivated"),
        refused: [...adminMenus, "profile/1/0//h0"],
        refusal: /^This is for the team's operators only\.$/,
      },
      { who: "operator", user: () => userFor("operator"), refused: adminMenus, refusal: /^Only an admin can do this\.$/ },
      {
        who: "demoted admin",
        user: () => t.fake.world.chat(DEMOTED)!.chat as unknown as User,
        refused: adminMenus,
        refusal: /^Only an admin can do this\.$/,
      },
    ];
    for (const { who, user, refused, refusal } of cases) {
      const person = user();
      // A message of the bot in the presser's own chat to press the forged data on.
      const before = t.fake.botMessages(person.id).length;
      t.fake.send(person, { text: "/help" });
      const onScreen = await t.fake.until(() => t.fake.botMessages(person.id)[before]);
      for (const data of refused) {
        const state = snapshot();
        const callsBefore = t.fake.calls.length;
        const q = t.fake.press(person, onScreen.message, data);
        // Updates are handled one at a time: once the next /help is answered, the press was handled in full.
        const mark = t.fake.botMessages(person.id).length;
        t.fake.send(person, { text: "/help" });
        await t.fake.until(() => t.fake.botMessages(person.id)[mark]);
        const cell = `${data} by ${who}`;
        const answer = t.fake.callsOf("answerCallbackQuery").find((c) => c.params.callback_query_id === q);
        // Everything the bot did meanwhile, but for fetching updates, answering the press and the /help reply.
        const shown = t.fake.calls
          .slice(callsBefore)
          .filter((c) => !["getUpdates", "answerCallbackQuery"].includes(c.method) && c.params.text !== onScreen.message.text);
        const leaked = shown.filter((c) => names.some((n) => JSON.stringify(c.params).includes(n)));
        expect(
          leaked.map((c) => c.method),
          cell,
        ).toEqual([]);
        expect(
          shown.filter((c) => c.method.startsWith("editMessage")).map((c) => c.method),
          cell,
        ).toEqual([]);
        expect(answer?.params.text, cell).toMatch(refusal);
        expect(answer?.params.show_alert, cell).toBe(true);
        expect(snapshot(), cell).toBe(state);
      }
    }
  }, 120_000);

  it("lets only the chat's own client answer its rating question, whoever else presses or forges the buttons", async () => {
    await fresh();
    t.app.db.$client.prepare("insert into settings (key, value) values ('ratings', 'true')").run();
    expect(closeChat(t.app.db, 1, ADMIN, Date.now).ok).toBe(true);
    t.app.worker.kick();
    const question = await t.fake.until(() => t.fake.botMessages(CLIENT).find((s) => s.message.text?.startsWith("How did we do?")));
    const rate = button(question, "5");
    for (const role of ROLES.filter((r) => r !== "client")) {
      const person = userFor(role);
      const before = t.fake.botMessages(person.id).length;
      t.fake.send(person, { text: "/help" });
      const own = await t.fake.until(() => t.fake.botMessages(person.id)[before]);
      // Pressed on a message in their own chat, and on the client's question itself (a forged update).
      for (const message of [own.message, question.message]) {
        const state = snapshot();
        const q = t.fake.press(person, message, rate);
        await t.fake.until(() => t.fake.answered(q));
        const answer = t.fake.callsOf("answerCallbackQuery").find((c) => c.params.callback_query_id === q);
        expect(answer?.params.text, `rating by ${role}`).toBe("This rating is not yours to give.");
        expect(snapshot(), `rating by ${role}`).toBe(state);
      }
    }
    const q = t.fake.press(userFor("client"), question.message, rate);
    await t.fake.until(() => t.fake.answered(q));
    expect(t.app.db.$client.prepare("select score from ratings").all()).toEqual([{ score: 5 }]);
  }, 60_000);
});
