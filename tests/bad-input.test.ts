import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setSetting } from "../src/rules/settings.js";
import { FakeTelegram } from "./support/fake-telegram/server.js";
import { type RunningConsole, startConsole, tempDir } from "./support/console.js";
import { addOperator } from "./support/team.js";

let fake: FakeTelegram;
let dir: ReturnType<typeof tempDir>;
let app: RunningConsole;
const ADA = 100;

beforeEach(async () => {
  fake = await new FakeTelegram().start();
  dir = tempDir();
  app = await startConsole(fake, { dbPath: `${dir.path}/c.sqlite` });
  addOperator(app.db, fake.user(ADA, "Ada"), { role: "admin" });
});

afterEach(async () => {
  await app.stop();
  await fake.stop();
  dir.remove();
});

const ada = () => fake.world.chat(ADA)!.chat as any;
const failedUpdates = () => app.db.$client.prepare("select count(*) n from failed_updates").get();
const replyTo = async (text: string) => {
  const before = fake.botMessages(ADA).length;
  fake.send(ada(), { text });
  return (await fake.until(() => fake.botMessages(ADA).slice(before).at(-1))).message.text;
};

describe("bad input gets a clear answer and changes nothing", () => {
  it("answers unknown commands and wrong arguments with how to use them", async () => {
    expect(await replyTo("/frobnicate")).toBe("Unknown command. /help lists what you can do.");
    expect(await replyTo("/reset_on_close maybe")).toBe("Reset on close is off. Use /reset_on_close on or /reset_on_close off.");
    expect(await replyTo("/watchdog soon")).toBe("The unanswered-chat reminder is 5 min. Use /watchdog N (minutes, up to 1440) or /watchdog off.");
    expect(await replyTo("/watchdog 99999")).toContain("Use /watchdog N");
    expect(await replyTo("/report yesterday")).toBe("Use /report today, /report 7d or /report 30d.");
    expect(app.db.$client.prepare("select count(*) n from settings").get()).toEqual({ n: 0 });
  });

  it("relays a client's unknown /command as an ordinary message", async () => {
    fake.send(fake.user(500, "Cleo"), { text: "/price please" });
    await fake.until(() => fake.botMessages(ADA).some((s) => s.message.text === "/price please"));
  });

  it("cuts an edit notice that would pass Telegram's 4,096 characters, and a signed caption past 1,024", async () => {
    const cleo = fake.user(500, "Cleo");
    const long = "x".repeat(4096);
    const original = fake.send(cleo, { text: long });
    const copy = await fake.until(() => fake.botMessages(ADA).find((s) => s.message.text === long));
    fake.edit(cleo, original.message_id, "y".repeat(4096));
    const notice = await fake.until(() => fake.botMessages(ADA).find((s) => s.message.text?.startsWith("✏️")));
    expect(notice.message.text!.length).toBe(4096);
    expect(notice.message.text!.endsWith("…")).toBe(true);

    setSetting(app.db, "signReplies", true);
    fake.send(ada(), { photo: true, caption: "z".repeat(1024) }, { replyTo: copy.message.message_id });
    const signed = await fake.until(() => fake.botMessages(cleo.id).find((s) => s.message.photo));
    expect(signed.message.caption!.length).toBe(1024);
    expect(signed.message.caption!.endsWith("…\n\n— Ada")).toBe(true);
    fake.send(ada(), { text: "w".repeat(4096) }, { replyTo: copy.message.message_id });
    const text = await fake.until(() => fake.botMessages(cleo.id).find((s) => s.message.text?.startsWith("w")));
    expect(text.message.text!.length).toBe(4096);
    expect(text.message.text!.endsWith("…\n\n— Ada")).toBe(true);
    expect(fake.botMessages(ADA).some((s) => s.message.text?.startsWith("⚠️ Not delivered"))).toBe(false);
  });

  it("ignores update kinds it does not handle, service messages and channel posts, without errors", async () => {
    const gus = fake.user(600, "Gus");
    const group = { id: -100900, type: "supergroup", title: "Partners" } as any;
    fake.world.ensureChat(group);
    fake.replay({ message_reaction: { chat: group, message_id: 1, date: 0, old_reaction: [], new_reaction: [{ type: "emoji", emoji: "👍" }], user: gus } } as any);
    fake.replay({ inline_query: { id: "iq", from: gus, query: "x", offset: "" } } as any);
    fake.replay({ chat_join_request: { chat: group, from: gus, user_chat_id: gus.id, date: 0 } } as any);
    fake.replay({ poll_answer: { poll_id: "p", user: gus, option_ids: [0] } } as any);
    fake.replay({ message: { message_id: 1, date: 0, chat: group, from: gus, new_chat_members: [gus] } } as any);
    fake.world.ensureChat({ id: -100901, type: "channel", title: "News" } as any);
    fake.replay({ channel_post: { message_id: 1, date: 0, chat: { id: -100901, type: "channel", title: "News" }, text: "post" } } as any);
    fake.send(fake.user(500, "Cleo"), { text: "marker" });
    await fake.until(() => fake.botMessages(ADA).some((s) => s.message.text === "marker"));
    expect(fake.botMessages(ADA).filter((s) => s.message.text !== "marker" && !s.message.text?.startsWith("💬 #"))).toHaveLength(0);
    expect(app.db.$client.prepare("select count(*) n from chats").get()).toEqual({ n: 1 });
    expect(failedUpdates()).toEqual({ n: 0 });
  });
});
