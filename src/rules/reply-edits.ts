import { eq } from "drizzle-orm";
import { messages } from "../db/schema.js";
import type { Clock, Store } from "../db/store.js";
import { getMessageBySource, referencedChat } from "./chats.js";
import { enqueue } from "./outbox.js";
import { getOperator } from "./people.js";
import { fillPlaceholders } from "./saved-replies.js";

/** An operator edited a message they sent: the client's copy is edited to match (in order with other sends). */
export function recordOperatorEdit(
  db: Store,
  operatorId: number,
  telegramMessageId: number,
  text: string,
  caption: boolean,
  clock: Clock,
  entities?: unknown[] | undefined,
  savedReply = false,
): boolean {
  return db.transaction((tx) => {
    const stored = getMessageBySource(tx, operatorId, telegramMessageId);
    if (stored?.direction !== "out") return false;
    const chat = referencedChat(tx, stored.chatId);
    // A saved reply sent through inline mode: the client's copy got the placeholders filled, and so does its edit.
    if (savedReply) {
      const values = { client_name: chat.title, operator_name: getOperator(tx, operatorId)?.name ?? "" };
      ({ text, entities } = fillPlaceholders(text, entities, values));
    }
    if (stored.text === text) return false;
    tx.update(messages).set({ text, editedAt: clock() }).where(eq(messages.id, stored.id)).run();
    enqueue(
      tx,
      {
        destinationChatId: chat.telegramChatId,
        destination: "client",
        payload: { type: "edit", messageId: stored.id, text, caption, entities },
        chatId: chat.id,
        messageId: stored.id,
      },
      clock,
    );
    return true;
  });
}

/** Delivery signed the client's copy of this reply with `name`; edits keep that signature. */
export function recordSignature(tx: Store, messageId: number, name: string): void {
  tx.update(messages).set({ signedAs: name }).where(eq(messages.id, messageId)).run();
}

export function signatureOf(db: Store, messageId: number): string | undefined {
  return db.select({ name: messages.signedAs }).from(messages).where(eq(messages.id, messageId)).get()?.name ?? undefined;
}
