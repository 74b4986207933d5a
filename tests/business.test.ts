import type { User } from "grammy/types";
import { beforeEach, describe, expect, it } from "vitest";
import { getChat } from "../src/rules/chats.js";
import { pendingCount } from "../src/rules/outbox.js";
import { consoleForEachTest } from "./support/console.js";
import { addOperator } from "./support/team.js";

const ADA = 100;
const BOB = 101;
const ACME = 900;

const t = consoleForEachTest({ adminIds: [ADA, ACME] });
let acme: User;

beforeEach(() => {
  t.fake.user(ADA, "Ada");
  addOperator(t.app.db, t.fake.user(BOB, "Bob"));
  acme = t.fake.user(ACME, "Acme", "acme_support");
});

const texts = (id: number) => t.fake.botMessages(id).map((s) => s.message.text ?? "");
const bobChat = () => t.fake.world.chat(BOB)!.chat as any;

/** The account connects the bot and the console has taken the connection in. */
async function connect(opts: { canReply?: boolean; canRead?: boolean } = {}): Promise<string> {
  const id = t.fake.business.connect(acme, opts);
  await t.fake.until(() => texts(ADA).some((line) => line.includes("Acme connected their business account")));
  return id;
}

describe("a business account's clients are served from the operators' chats", () => {
  it("brings a client's message with a card naming the inbox, and sends the operator's answer as the account", async () => {
    const bc = await connect();
    const carol = t.fake.user(500, "Carol", "carol");
    t.fake.business.clientSends(bc, carol, { text: "Is my order ready?" });
    const copy = await t.fake.until(() => t.fake.botMessages(BOB).find((s) => s.message.text === "Is my order ready?"));
    const card = t.fake.botMessages(BOB).find((s) => s.message.text?.startsWith("💬 #1"))!;
    expect(card.message.text).toContain("Inbox: Acme (@acme_support)");
    // Never copied: the bot cannot copy out of the account's chats, so it sent the text anew.
    expect(t.fake.callsOf("copyMessage")).toHaveLength(0);

    t.fake.send(bobChat(), { text: "Yes, pick it up today." }, { replyTo: copy.message.message_id });
    const answer = await t.fake.until(() => t.fake.business.sentByBot(bc, carol)[0]);
    expect(answer.message.text).toBe("Yes, pick it up today.");
    expect(answer.message.from?.id).toBe(ACME);
    expect(answer.message.reply_to_message?.message_id).toBe(1);
    const send = t.fake.callsOf("sendMessage").find((c) => c.params.text === "Yes, pick it up today.")!;
    expect(send.params.business_connection_id).toBe(bc);
    expect(send.params.chat_id).toBe(carol.id);
    // The client's chat with the bot itself got nothing.
    expect(t.fake.botMessages(carol.id)).toHaveLength(0);
    expect(getChat(t.app.db, 1)).toMatchObject({ responsibleId: BOB, awaitingReplySince: null, businessAccountId: ACME });
  });
});
