import { and, eq, isNull } from "drizzle-orm";
import { heldReplies } from "../db/schema.js";
import type { Clock, Store } from "../db/store.js";
import { type Chat, referencedChat, responsibleOf } from "./chats.js";
import { getActiveOperator } from "./people.js";
import { deliverReply } from "./replies.js";
import { autoAssign, takeOver } from "./responsibles.js";
import type { ResendContent } from "./resend.js";

/** The prompt for a held reply went out: handling the same message again asks nothing more. */
export function recordHeldPrompt(db: Store, heldId: number, promptMessageId: number): void {
  db.update(heldReplies).set({ promptMessageId }).where(eq(heldReplies.id, heldId)).run();
}

export type HeldOutcome =
  | { status: "sent"; chat: Chat; tookOver: boolean }
  | { status: "cancelled" }
  | { status: "gone" }
  | { status: "client_blocked"; chat: Chat };

/** The operator's answer to the take-over prompt: take over then send, send anyway, or cancel. */
export function resolveHeldReply(
  db: Store,
  heldId: number,
  operatorId: number,
  choice: "take_over" | "send_anyway" | "cancel",
  clock: Clock,
): HeldOutcome {
  return db.transaction((tx): HeldOutcome => {
    const held = tx
      .select()
      .from(heldReplies)
      .where(and(eq(heldReplies.id, heldId), eq(heldReplies.operatorId, operatorId)))
      .get();
    const operator = getActiveOperator(tx, operatorId);
    if (!held || !operator) return { status: "gone" };
    // Answered once: the row stays with the answer, so the held message handled again is known as done.
    const answered = tx
      .update(heldReplies)
      .set({ resolution: choice, resolvedAt: clock() })
      .where(and(eq(heldReplies.id, heldId), isNull(heldReplies.resolution)))
      .run();
    if (answered.changes !== 1) return { status: "gone" };
    if (choice === "cancel") return { status: "cancelled" };
    let chat = referencedChat(tx, held.chatId);
    if (chat.clientBlocked) return { status: "client_blocked", chat };
    let tookOver = false;
    if (choice === "take_over") {
      const taken = responsibleOf(chat) === null ? autoAssign(tx, chat, operatorId, clock) : takeOver(tx, chat, operatorId, clock);
      tookOver = taken !== undefined;
      chat = taken ?? chat;
    }
    const parts = held.parts.map((p) => ({
      ...p,
      operatorId,
      mediaGroupId: held.mediaGroupId ?? undefined,
      content: p.content as ResendContent | null | undefined,
    }));
    deliverReply(tx, chat, operator, parts, held.replyToMessageId ?? undefined, clock);
    return { status: "sent", chat: referencedChat(tx, chat.id), tookOver };
  });
}
