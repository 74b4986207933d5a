import { type Conversation, createConversation } from "@grammyjs/conversations";
import { Menu, type MenuRange } from "@grammyjs/menu";
import { Composer, type Context, InlineKeyboard } from "grammy";
import {
  ALGORITHMS,
  type Algorithm,
  addMember,
  createGroup,
  getGroup,
  groupMemberList,
  listGroups,
  removeMember,
  setAlgorithm,
} from "../../rules/groups.js";
import { listActiveOperators } from "../../rules/people.js";
import { decode, encode, matcher } from "../callback-codec.js";
import type { BotContext, BotDeps } from "../context.js";
import { adminOnly, guardedMenu, refuseNotAdmin } from "./guards.js";

const ALGORITHM_ORDER = Object.keys(ALGORITHMS) as Algorithm[];

/**
 * `/newgroup` (admins): name, algorithm, members, in a dialogue that `/cancel` or the Cancel button leaves
 * at any step, and that lapses if an answer takes longer than the timeout.
 */
function newGroupDialogue(deps: BotDeps) {
  return async function newGroup(conversation: Conversation<BotContext, Context>, ctx: Context) {
    const cancel = new InlineKeyboard().text("Cancel", encode({ action: "dialogCancel" }));
    await ctx.reply("New group. What is its name? (for example: Sales, Second line; /cancel to stop)", { reply_markup: cancel });

    let name = "";
    for (;;) {
      const answer = await conversation.wait();
      if (answer.callbackQuery && decode(answer.callbackQuery.data)?.action === "dialogCancel") return cancelled(answer);
      const text = answer.message?.text?.trim();
      if (text === "/cancel") return cancelled(answer);
      if (!text || text.startsWith("/") || text.length > 40) {
        await answer.reply("Send the group's name as text, up to 40 characters, or /cancel.");
        continue;
      }
      const taken = await conversation.external(() => listGroups(deps.db).some((g) => g.name.toLowerCase() === text.toLowerCase()));
      if (taken) {
        await answer.reply(`There is already a group called ${text}. Choose another name, or /cancel.`);
        continue;
      }
      name = text;
      break;
    }

    const algorithms = new InlineKeyboard();
    ALGORITHM_ORDER.forEach((a, index) => algorithms.text(ALGORITHMS[a], encode({ action: "dialogChoice", index })).row());
    algorithms.text("Cancel", encode({ action: "dialogCancel" }));
    await ctx.reply(`How should ${name} pick who gets a chat? Only members who are online are picked.`, { reply_markup: algorithms });
    const picked = await conversation.waitForCallbackQuery(matcher("dialogChoice", "dialogCancel"), {
      otherwise: (c) => c.reply("Choose one of the buttons above, or /cancel."),
    });
    const choice = decode(picked.callbackQuery.data);
    await picked.answerCallbackQuery();
    if (!choice || choice.action !== "dialogChoice") return cancelled(picked);
    const algorithm = ALGORITHM_ORDER[choice.index] ?? "round_robin";

    const team = await conversation.external(() => listActiveOperators(deps.db).map((o) => ({ id: o.id, name: o.name })));
    const chosen = new Set<number>();
    const membersKeyboard = () => {
      const k = new InlineKeyboard();
      for (const op of team) k.text(`${chosen.has(op.id) ? "✅" : "⬜"} ${op.name}`, encode({ action: "dialogToggle", op: op.id })).row();
      return k.text("Done", encode({ action: "dialogDone" })).text("Cancel", encode({ action: "dialogCancel" }));
    };
    const prompt = await ctx.reply(`Who is in ${name}? Tap to add or remove, then Done.`, { reply_markup: membersKeyboard() });
    for (;;) {
      const press = await conversation.waitForCallbackQuery(matcher("dialogToggle", "dialogDone", "dialogCancel"), {
        otherwise: (c) => c.reply("Tap the members above, then Done, or /cancel."),
      });
      const data = decode(press.callbackQuery.data);
      await press.answerCallbackQuery();
      if (!data || data.action === "dialogCancel") return cancelled(press);
      if (data.action === "dialogDone") break;
      if (data.action === "dialogToggle") {
        if (chosen.has(data.op)) chosen.delete(data.op);
        else chosen.add(data.op);
        await ctx.api.editMessageReplyMarkup(prompt.chat.id, prompt.message_id, { reply_markup: membersKeyboard() });
      }
    }

    const created = await conversation.external(() => {
      const result = createGroup(deps.db, ctx.from!.id, { name, algorithm, members: [...chosen] }, deps.clock);
      return result.ok ? { ok: true as const, id: result.group.id } : { ok: false as const };
    });
    await ctx.reply(
      created.ok
        ? `Group ${name} created (${ALGORITHMS[algorithm]}, ${chosen.size} member${chosen.size === 1 ? "" : "s"}). /groups changes it later.`
        : `A group called ${name} was created meanwhile; nothing was changed.`,
    );
  };
}

async function cancelled(ctx: Context): Promise<void> {
  if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => undefined);
  await ctx.reply("Cancelled. Nothing was created.");
}

/** One group: its algorithm (tap to change) and a member toggle per operator. */
const groupMenu = new Menu<BotContext>("group", { autoAnswer: false, onMenuOutdated: "The group changed; here it is now." })
  .dynamic((ctx: BotContext, range: MenuRange<BotContext>) => {
    // Drawn for admins only, whatever reached it (guardedMenu refuses the rest before this runs).
    if (ctx.operator?.role !== "admin") return;
    const group = getGroup(ctx.deps.db, Number(ctx.match));
    if (!group) return;
    const payload = String(group.id);
    range
      .text({ text: `${group.name}: ${ALGORITHMS[group.algorithm]} (tap to change)`, payload }, async (c) => {
        const next = ALGORITHM_ORDER[(ALGORITHM_ORDER.indexOf(group.algorithm) + 1) % ALGORITHM_ORDER.length]!;
        if (!setAlgorithm(c.deps.db, c.from.id, group.id, next).ok) return refuseNotAdmin(c);
        await c.answerCallbackQuery();
        c.menu.update();
      })
      .row();
    const members = new Set(groupMemberList(ctx.deps.db, group.id).map((o) => o.id));
    for (const op of listActiveOperators(ctx.deps.db)) {
      range
        .text({ text: `${members.has(op.id) ? "✅" : "⬜"} ${op.name}`, payload }, async (c) => {
          const removed = removeMember(c.deps.db, c.from.id, group.id, op.id);
          const changed = removed.ok && !removed.changed ? addMember(c.deps.db, c.from.id, group.id, op.id) : removed;
          if (!changed.ok) return refuseNotAdmin(c);
          await c.answerCallbackQuery();
          c.menu.update();
        })
        .row();
    }
  })
  .back("« Groups", (c) => c.answerCallbackQuery());

export const groupsMenu = new Menu<BotContext>("groups", { onMenuOutdated: "The groups changed; here they are now." }).dynamic(
  (ctx: BotContext, range: MenuRange<BotContext>) => {
    if (ctx.operator?.role !== "admin") return;
    for (const g of listGroups(ctx.deps.db)) {
      const n = groupMemberList(ctx.deps.db, g.id).filter((o) => o.active).length;
      range.submenu({ text: `👥 ${g.name} · ${ALGORITHMS[g.algorithm]} · ${n} members`, payload: String(g.id) }, "group").row();
    }
  },
);
groupsMenu.register(groupMenu);

export function groupFeatures(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.use(createConversation(newGroupDialogue(deps), { id: "newGroup", maxMillisecondsToWait: deps.conversationTimeoutMs ?? 10 * 60_000 }));
  composer.use(guardedMenu(adminOnly, groupsMenu));
  // Installed after the conversation, which must have seen the update before a command can enter it.
  const console_ = composer.chatType("private");
  console_.command("newgroup", adminOnly, (ctx) => ctx.conversation.enter("newGroup"));
  console_.command("groups", adminOnly, async (ctx) => {
    const groups = listGroups(ctx.deps.db);
    if (groups.length === 0) {
      await ctx.reply("No groups yet. /newgroup creates one.");
      return;
    }
    await ctx.reply("Groups. Tap one to change its algorithm or members.", { reply_markup: groupsMenu });
  });
  console_.command("cancel", (ctx) => ctx.reply("Nothing to cancel."));
  return composer;
}
