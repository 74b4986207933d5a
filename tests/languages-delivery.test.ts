import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { operators } from "../src/db/schema.js";
import { getChatByTelegramId } from "../src/rules/chats.js";
import { pendingCount } from "../src/rules/outbox.js";
import { assign } from "../src/rules/responsibles.js";
import { labels } from "./support/buttons.js";
import { consoleForEachTest } from "./support/console.js";
import { addOperator } from "./support/team.js";

const ADMIN = 100;
const ANN = 200;

const t = consoleForEachTest({ adminIds: [ADMIN] });

beforeEach(() => {
  t.fake.user(ADMIN, "Admin");
  addOperator(t.app.db, t.fake.user(ANN, "Ann"));
});

const texts = (chatId: number) => t.fake.botMessages(chatId).map((s) => s.message.text ?? "");
const setLocale = (id: number, locale: string | null) => t.app.db.update(operators).set({ locale }).where(eq(operators.id, id)).run();

/** A client writes and the message reaches Ann; returns the chat's id. */
async function clientWrites(): Promise<number> {
  const carol = { ...t.fake.user(500, "Carol"), language_code: "ru" };
  t.fake.send(carol, { text: "hi" });
  await t.fake.until(() => texts(ANN).includes("hi"));
  return getChatByTelegramId(t.app.db, carol.id)!.id;
}

describe("words are chosen when a row is sent, in the reader's language", () => {
  it("an operator who chose Russian gets the assignment notice and the card in Russian", async () => {
    setLocale(ANN, "ru");
    const chatId = await clientWrites();
    expect(assign(t.app.db, chatId, ANN, { operatorId: ADMIN }, t.app.deps.clock).ok).toBe(true);
    t.app.worker.kick();
    const notice = await t.fake.until(() => t.fake.botMessages(ANN).find((s) => s.message.text?.startsWith("📌")));
    expect(notice.message.text).toBe("📌 Admin 100 назначил(а) вас ответственным за #1 Carol.");
    // Her card (sent before, with the client's message) is redrawn for the new state, in Russian too.
    const card = await t.fake.until(() =>
      t.fake.botMessages(ANN).find((s) => s.message.text === "💬 #1 · Carol\nСтатус: открыт\nОтветственный: вы"),
    );
    expect(labels(card)).toEqual(["👥 Назначить", "✅ Закрыть", "📜 История", "🔕 Отключить ответственного"]);
  });

  it("a row queued before the operator switched language is sent in the new one", async () => {
    const chatId = await clientWrites();
    await t.app.worker.stop();
    expect(assign(t.app.db, chatId, ANN, { operatorId: ADMIN }, t.app.deps.clock).ok).toBe(true);
    expect(pendingCount(t.app.db)).toBeGreaterThan(0);
    setLocale(ANN, "ru");
    t.app.worker.start();
    const notice = await t.fake.until(() => t.fake.botMessages(ANN).find((s) => s.message.text?.startsWith("📌")));
    expect(notice.message.text).toBe("📌 Admin 100 назначил(а) вас ответственным за #1 Carol.");
  });

  it("an operator with no choice reads Telegram's language of their app; others the team default", async () => {
    t.app.db.update(operators).set({ languageCode: "ru-RU" }).where(eq(operators.id, ANN)).run();
    const chatId = await clientWrites();
    expect(assign(t.app.db, chatId, ANN, { operatorId: ADMIN }, t.app.deps.clock).ok).toBe(true);
    t.app.worker.kick();
    const notice = await t.fake.until(() => t.fake.botMessages(ANN).find((s) => s.message.text?.startsWith("📌")));
    expect(notice.message.text).toBe("📌 Admin 100 назначил(а) вас ответственным за #1 Carol.");
    // The admin has neither a choice nor a language Telegram told: the team default, English as before.
    await t.fake.until(() => t.fake.botMessages(ADMIN).find((s) => s.message.text?.startsWith("💬 #1")));
    // Redrawn after the assignment (an edit of the same message), still in English.
    await t.fake.until(() => t.fake.botMessages(ADMIN).find((s) => s.message.text === "💬 #1 · Carol\nStatus: open\nResponsible: Ann"));
  });

  it("a notice queued before the upgrade, with its words in the row, still goes out as it is", async () => {
    setLocale(ANN, "ru");
    t.app.db.$client
      .prepare("INSERT INTO outbox (destination_chat_id, kind, payload, not_before, created_at, urgent) VALUES (?, 'notice', ?, 0, ?, 1)")
      .run(ANN, JSON.stringify({ type: "notice", text: "🚫 Admin deactivated Ben.", silent: false }), Date.now());
    t.app.worker.kick();
    await t.fake.until(() => texts(ANN).includes("🚫 Admin deactivated Ben."));
  });

  it("a bounced reply is explained to a Russian-speaking operator in Russian", async () => {
    setLocale(ANN, "ru");
    const carol = t.fake.user(500, "Carol");
    t.fake.send(carol, { text: "hi" });
    const copy = await t.fake.until(() => t.fake.botMessages(ANN).find((s) => s.message.text === "hi"));
    t.fake.world.blockedBy.add(carol.id);
    const reply = t.fake.send(t.fake.user(ANN, "Ann"), { text: "hello Carol" }, { replyTo: copy.message.message_id });
    const notice = await t.fake.until(() =>
      t.fake.botMessages(ANN).find((s) => s.message.reply_to_message?.message_id === reply.message_id),
    );
    expect(notice.message.text).toBe("⚠️ Не доставлено в #1 Carol: клиент заблокировал бота.");
  });

  it("keeps the client's language from their messages, and the row of a reply says it goes to a client", async () => {
    const chatId = await clientWrites();
    expect(getChatByTelegramId(t.app.db, 500)!.languageCode).toBe("ru");
    const copy = t.fake.botMessages(ANN).find((s) => s.message.text === "hi")!;
    t.fake.send(t.fake.user(ANN, "Ann"), { text: "hello" }, { replyTo: copy.message.message_id });
    await t.fake.until(() => texts(500).includes("hello"));
    const rows = t.app.db.$client.prepare("SELECT destination, kind FROM outbox WHERE chat_id = ? ORDER BY id").all(chatId) as Array<{
      destination: string;
      kind: string;
    }>;
    expect(rows.filter((r) => r.destination === "client").map((r) => r.kind)).toEqual(["copy"]);
    expect(rows.filter((r) => r.kind === "copy" && r.destination === "operator").length).toBeGreaterThan(0);
  });

  it("where a client came from is told to each operator in their own language, when it is sent", async () => {
    setLocale(ANN, "ru");
    const carol = t.fake.user(500, "Carol");
    t.fake.send(carol, { text: "/start promo_spring" });
    await t.fake.until(() => texts(ANN).includes("🚀 Carol запустил(а) бота по ссылке promo_spring."));
    await t.fake.until(() => texts(ADMIN).includes("🚀 Carol started the bot from promo_spring."));
  });
});
