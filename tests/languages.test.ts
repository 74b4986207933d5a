import type { User } from "grammy/types";
import { beforeEach, describe, expect, it } from "vitest";
import { createConsoleI18n } from "../src/bot/create-bot.js";
import { getOperator } from "../src/rules/people.js";
import { translator } from "../src/views/i18n.js";
import { reportLineText } from "../src/views/reports.js";
import { button, labels } from "./support/buttons.js";
import { consoleForEachTest } from "./support/console.js";
import { addOperator } from "./support/team.js";

const ADA = 100;
const OLI = 101;
const t = consoleForEachTest({ adminIds: [ADA] });

const speaking = (user: User, language_code: string): User => ({ ...user, language_code });
const commandsIn = (scope: object, language?: string) =>
  (t.fake.commands.get(JSON.stringify(scope) + (language ? `#${language}` : "")) as
    | Array<{ command: string; description: string }>
    | undefined) ?? [];

beforeEach(() => {
  t.fake.user(ADA, "Ada");
  addOperator(t.app.db, t.fake.user(OLI, "Oli"));
});

async function answerTo(from: User, text: string) {
  const before = t.fake.botMessages(from.id).length;
  t.fake.send(from, { text });
  return t.fake.until(() => t.fake.botMessages(from.id)[before]);
}

describe("clients in their own language", () => {
  it("greets a client whose app speaks Russian in Russian, and one whose app speaks German in the team's language", async () => {
    const ivan = speaking(t.fake.user(500, "Ivan"), "ru");
    expect((await answerTo(ivan, "/start")).message.text).toMatch(/^Здравствуйте! Напишите ваш вопрос здесь/);
    expect((await answerTo(ivan, "/help")).message.text).toMatch(/^Напишите ваш вопрос здесь/);
    const greta = speaking(t.fake.user(501, "Greta"), "de");
    expect((await answerTo(greta, "/start")).message.text).toMatch(/^Hello! Write your question here/);
  });
});

describe("operators in their own language", () => {
  beforeEach(() => {
    t.app.db.$client.prepare("update operators set locale = 'ru' where id = ?").run(OLI);
  });

  it("answers /help, /profile and /chats in Russian to an operator who chose Russian, whatever their app speaks", async () => {
    const oli = speaking(t.fake.user(OLI, "Oli"), "en");
    const help = (await answerTo(oli, "/help")).message.text!;
    expect(help).toMatch(/^Вы оператор\./);
    expect(help).toContain("/chats — Список чатов с фильтрами");
    const profile = await answerTo(oli, "/profile");
    expect(profile.message.text).toMatch(/^Ваши уведомления/);
    expect(labels(profile)).toContain("🔕 Без звука");
    const chats = await answerTo(oli, "/chats");
    expect(chats.message.text).toMatch(/^Чаты \(все, открытые\)/);
    expect(labels(chats)).toContain("Мои");
  });

  it("redraws a menu that changed meanwhile with a word in the operator's language", async () => {
    const oli = t.fake.user(OLI, "Oli");
    const profile = await answerTo(oli, "/profile");
    t.app.db.$client.prepare("update operators set notify_channel = 'silent' where id = ?").run(OLI);
    const query = t.fake.press(oli, profile.message, button(profile, "Без звука"));
    await t.fake.until(() => t.fake.answered(query));
    const answer = t.fake.callsOf("answerCallbackQuery").find((c) => c.params.callback_query_id === query);
    expect(answer?.params.text).toBe("Ваш профиль изменился; вот он сейчас.");
    await t.fake.until(() => labels(t.fake.world.find(OLI, profile.message.message_id)).includes("✅ 🔕 Без звука"));
  });

  it("switches with /language, answers in the new language at once, and remembers it", async () => {
    const oli = speaking(t.fake.user(OLI, "Oli"), "ru");
    const menu = await answerTo(oli, "/language");
    expect(menu.message.text).toMatch(/^Бот говорит с вами по-русски — вы выбрали/);
    expect(labels(menu)).toEqual(["English", "✅ Русский", "📱 Как в моём приложении Telegram"]);
    t.fake.press(oli, menu.message, button(menu, "English"));
    await t.fake.until(() => t.fake.lastBotMessage(OLI)?.message.text?.startsWith("The bot speaks English to you, as you chose"));
    expect(labels(t.fake.lastBotMessage(OLI))).toEqual(["✅ English", "Русский", "📱 As my Telegram app"]);
    expect(getOperator(t.app.db, OLI)?.locale).toBe("en");
    // The command menus follow the choice, whatever language Telegram asks them in.
    await t.fake.until(
      () =>
        commandsIn({ type: "chat", chat_id: OLI }, "ru").find((c) => c.command === "chats")?.description === "The chat list, with filters",
    );

    await t.restart();
    expect((await answerTo(oli, "/help")).message.text).toMatch(/^You are an operator\./);

    // Back to the app's language: Oli's app speaks Russian.
    const again = await answerTo(oli, "/language");
    t.fake.press(oli, again.message, button(again, "📱"));
    await t.fake.until(() => t.fake.lastBotMessage(OLI)?.message.text?.startsWith("Бот говорит с вами по-русски, как ваше приложение"));
    expect(getOperator(t.app.db, OLI)?.locale).toBeNull();
  });

  it("refuses /language to someone who is not an operator (it is a client's message then)", async () => {
    const carol = t.fake.user(500, "Carol");
    t.fake.send(carol, { text: "/language" });
    await t.fake.until(() => t.fake.botMessages(OLI).some((s) => s.message.text === "/language"));
    expect(t.fake.botMessages(carol.id)).toHaveLength(0);
  });
});

describe("the /newgroup dialogue", () => {
  // The conversation plugin replays the dialogue from its start on every answer: each step proves the replay.
  it("speaks the admin's chosen language at every step of the replayed dialogue", async () => {
    t.app.db.$client.prepare("update operators set locale = 'ru' where id = ?").run(ADA);
    const ada = t.fake.user(ADA, "Ada");
    const latest = (prefix: string) =>
      t.fake.until(() =>
        t.fake
          .botMessages(ADA)
          .filter((s) => s.message.text?.startsWith(prefix))
          .at(-1),
      );
    t.fake.send(ada, { text: "/newgroup" });
    expect(labels(await latest("Новая группа. Как она называется?"))).toEqual(["Отмена"]);
    t.fake.send(ada, { text: "Продажи" });
    const algo = await latest("Как группа Продажи будет выбирать");
    expect(labels(algo)).toEqual(["по кругу", "меньше всего открытых чатов", "случайно", "Отмена"]);
    t.fake.press(ada, algo.message, button(algo, "случайно"));
    const members = await latest("Кто входит в группу Продажи?");
    t.fake.press(ada, members.message, button(members, "Oli"));
    await t.fake.until(() => labels(t.fake.world.find(ADA, members.message.message_id)).includes("✅ Oli"));
    t.fake.press(ada, members.message, button(members, "Готово"));
    expect((await latest("Группа Продажи создана")).message.text).toBe(
      "Группа Продажи создана (случайно, 1 участник). Изменить её можно через /groups.",
    );
  });
});

describe("command menus per language", () => {
  it("registers the clients' and each operator's commands in English and Russian, and the team's language by default", async () => {
    const oli = t.fake.user(OLI, "Oli");
    const code = await answerTo(t.fake.user(ADA, "Ada"), "/invite");
    const link = /start=([\w-]+)/.exec(code.message.text!)![1]!;
    const dan = t.fake.user(300, "Dan");
    await answerTo(dan, `/start ${link}`);
    const scope = { type: "chat", chat_id: dan.id };
    expect(commandsIn(scope).find((c) => c.command === "chats")?.description).toBe("The chat list, with filters");
    expect(commandsIn(scope, "en").find((c) => c.command === "chats")?.description).toBe("The chat list, with filters");
    expect(commandsIn(scope, "ru").find((c) => c.command === "chats")?.description).toBe("Список чатов с фильтрами");
    expect(commandsIn(scope, "ru").map((c) => c.command)).toContain("language");
    expect(commandsIn(scope, "ru").map((c) => c.command)).not.toContain("invite");
    void oli;
  });
});

describe("numbers in words", () => {
  it("are never written with thousands separators (Fluent's default), in any language", () => {
    const translate = translator(createConsoleI18n(), "en");
    const line = {
      operatorId: 1,
      name: "Ann",
      assigned: 1234,
      closed: 1001,
      messagesSent: 25000,
      firstResponseMedianMs: null,
      firstResponseP90Ms: null,
      resolutionMedianMs: null,
      reassignedIn: 1000,
      reassignedOut: 0,
    };
    expect(reportLineText((k, v) => translate("en", k, v), line)).toMatch(
      /^Ann: 1234 assigned, 1001 closed, 25000 messages\n.*\n {2}reassigned in 1000, out 0$/,
    );
    expect(reportLineText((k, v) => translate("ru", k, v), line)).toMatch(/^Ann: назначено 1234 чата, закрыто: 1001, 25000 сообщений\n/);
    expect(translate("ru", "history-title", { id: "12345", title: "Ivan" })).toBe("📜 #12345 Ivan");
  });
});
