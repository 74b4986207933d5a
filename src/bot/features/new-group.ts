import type { Conversation } from "@grammyjs/conversations";
import { type Context, InlineKeyboard } from "grammy";
import { ALGORITHMS, type Algorithm, createGroup, listGroups } from "../../rules/groups.js";
import { algorithmName } from "../../views/groups.js";
import type { T } from "../../views/words.js";
import { activeAdmin, listActiveOperators } from "../../rules/people.js";
import { type CallbackData, decode, encode } from "../../callback-codec.js";
import type { BotContext, BotDeps } from "../context.js";

const DIALOGUE_ACTIONS = new Set<CallbackData["action"]>(["dialogChoice", "dialogToggle", "dialogDone", "dialogCancel"]);

function isCancel(ctx: Context): boolean {
  if (ctx.callbackQuery) return decode(ctx.callbackQuery.data)?.action === "dialogCancel";
  return /^\/cancel(@\w+)?$/.test(ctx.message?.text?.trim() ?? "");
}

/**
 * Whether an update in the admin's chat answers the dialogue. The dialogue takes its own buttons, `/cancel` and
 * plain text; a reply to anything but its own prompts (a client's message or card), any other kind of message,
 * edits and the console's other buttons are the admin's work and go on to the rest of the bot.
 */
function answersDialogue(ctx: Context, prompts: ReadonlySet<number>): boolean {
  if (ctx.callbackQuery) return DIALOGUE_ACTIONS.has(decode(ctx.callbackQuery.data)?.action as CallbackData["action"]);
  const message = ctx.message;
  if (!message || message.text === undefined) return false;
  if (isCancel(ctx)) return true;
  return !message.reply_to_message || prompts.has(message.reply_to_message.message_id);
}

/**
 * `/newgroup` (admins): name, algorithm, members, in a dialogue that `/cancel` or the Cancel button leaves
 * at any step, and that lapses if an answer takes longer than the timeout. The person must still be an active
 * admin at every step, and the rule that creates the group checks once more.
 */
export function newGroupDialogue(deps: BotDeps) {
  return async function newGroup(conversation: Conversation<BotContext, Context>, ctx: Context) {
    const adminId = ctx.from!.id;
    // The conversation builds its own contexts, without the i18n plugin: the admin's language is read once from
    // the surrounding context and kept in the replay log, so every replay speaks the same language.
    const locale = await conversation.external((outer) => outer.i18n.getLocale());
    const t: T = (key, vars) => deps.i18n!.t(locale, key, vars);
    // Message ids come from replayed API results, so this set is the same on every replay.
    const prompts = new Set<number>();
    const say = async (c: Context, text: string, reply_markup?: InlineKeyboard) => {
      const sent = await c.reply(text, reply_markup ? { reply_markup } : {});
      prompts.add(sent.message_id);
      return sent;
    };

    // Logged through `external` so a replay of the dialogue does not log it again; its contexts have no `ctx.log`.
    const logRefused = (c: Context) =>
      conversation.external(() =>
        deps.log.info(
          { update_id: c.update.update_id, chat: c.chat?.id, person: c.from?.id, reason: "not_admin", attempted: "new group" },
          "refused",
        ),
      );

    /** The next update meant for the dialogue; a cancel or a lost admin role ends it with `undefined`. */
    const nextAnswer = async (): Promise<Context | undefined> => {
      const answer = await conversation.wait();
      // Skipping leaves no trace in the replay log, so the rest of the bot handles the update as if no dialogue ran.
      if (!answersDialogue(answer, prompts)) await conversation.skip({ next: true });
      if (isCancel(answer)) {
        await cancelled(answer, t);
        return undefined;
      }
      if (!(await conversation.external(() => activeAdmin(deps.db, adminId) !== undefined))) {
        await logRefused(answer);
        await refused(answer, t);
        return undefined;
      }
      return answer;
    };

    const cancel = new InlineKeyboard().text(t("new-group-cancel"), encode({ action: "dialogCancel" }));
    await say(ctx, t("new-group-ask-name"), cancel);

    let name = "";
    for (;;) {
      const answer = await nextAnswer();
      if (!answer) return;
      const text = answer.message?.text?.trim();
      if (answer.callbackQuery) await answer.answerCallbackQuery({ text: t("new-group-name-first") });
      else if (!text || text.startsWith("/") || text.length > 40) await say(answer, t("new-group-name-invalid"));
      else if (await conversation.external(() => listGroups(deps.db).some((g) => g.name.toLowerCase() === text.toLowerCase()))) {
        await say(answer, t("new-group-name-taken", { name: text }));
      } else {
        name = text;
        break;
      }
    }

    const algorithms = new InlineKeyboard();
    ALGORITHMS.forEach((a, index) => {
      algorithms.text(algorithmName(t, a), encode({ action: "dialogChoice", index })).row();
    });
    algorithms.text(t("new-group-cancel"), encode({ action: "dialogCancel" }));
    await say(ctx, t("new-group-ask-algorithm", { name }), algorithms);
    let algorithm: Algorithm | undefined;
    while (!algorithm) {
      const answer = await nextAnswer();
      if (!answer) return;
      const data = decode(answer.callbackQuery?.data);
      if (data?.action === "dialogChoice") {
        await answer.answerCallbackQuery();
        algorithm = ALGORITHMS[data.index] ?? "round_robin";
      } else if (answer.callbackQuery) await answer.answerCallbackQuery({ text: t("new-group-algorithm-first") });
      else await say(answer, t("new-group-choose-button"));
    }

    const team = await conversation.external(() => listActiveOperators(deps.db).map((o) => ({ id: o.id, name: o.name })));
    const chosen = new Set<number>();
    const membersKeyboard = () => {
      const k = new InlineKeyboard();
      for (const op of team) k.text(`${chosen.has(op.id) ? "✅" : "⬜"} ${op.name}`, encode({ action: "dialogToggle", op: op.id })).row();
      return k.text(t("new-group-done"), encode({ action: "dialogDone" })).text(t("new-group-cancel"), encode({ action: "dialogCancel" }));
    };
    const prompt = await say(ctx, t("new-group-ask-members", { name }), membersKeyboard());
    for (;;) {
      const answer = await nextAnswer();
      if (!answer) return;
      const data = decode(answer.callbackQuery?.data);
      if (!answer.callbackQuery) {
        await say(answer, t("new-group-tap-members"));
        continue;
      }
      await answer.answerCallbackQuery();
      if (data?.action === "dialogDone") break;
      if (data?.action === "dialogToggle") {
        if (chosen.has(data.op)) chosen.delete(data.op);
        else chosen.add(data.op);
        await ctx.api.editMessageReplyMarkup(prompt.chat.id, prompt.message_id, { reply_markup: membersKeyboard() });
      }
    }

    const created = await conversation.external(() => {
      const result = createGroup(deps.db, adminId, { name, algorithm, members: [...chosen] }, deps.clock);
      return result.ok ? { ok: true as const } : { ok: false as const, reason: result.reason };
    });
    if (created.ok) {
      await ctx.reply(t("new-group-created", { name, algorithm: algorithmName(t, algorithm), n: chosen.size }));
    } else if (created.reason === "not_admin") {
      await logRefused(ctx);
      await refused(ctx, t);
    } else {
      await ctx.reply(t("new-group-created-meanwhile", { name }));
    }
  };
}

async function cancelled(ctx: Context, t: T): Promise<void> {
  if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => undefined);
  await ctx.reply(t("new-group-cancelled"));
}

async function refused(ctx: Context, t: T): Promise<void> {
  if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => undefined);
  await ctx.reply(t("new-group-not-admin"));
}
