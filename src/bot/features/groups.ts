import { createConversation } from "@grammyjs/conversations";
import { Menu, type MenuRange } from "@grammyjs/menu";
import { Composer } from "grammy";
import { ALGORITHMS, addMember, getGroup, groupMemberList, listGroups, removeMember, setAlgorithm } from "../../rules/groups.js";
import { listActiveOperators } from "../../rules/people.js";
import type { BotContext, BotDeps } from "../context.js";
import { algorithmName } from "../../views/groups.js";
import { adminOnly, guardedMenu, outdatedMenu, refuseNotAdmin } from "./guards.js";
import { newGroupDialogue } from "./new-group.js";

/** One group: its algorithm (tap to change) and a member toggle per operator. */
const groupMenu = new Menu<BotContext>("group", { autoAnswer: false, onMenuOutdated: outdatedMenu("groups-group-outdated") })
  .dynamic((ctx: BotContext, range: MenuRange<BotContext>) => {
    // Drawn for admins only, whatever reached it (guardedMenu refuses the rest before this runs).
    if (ctx.operator?.role !== "admin") return;
    const group = getGroup(ctx.deps.db, Number(ctx.match));
    if (!group) return;
    const payload = String(group.id);
    range
      .text(
        {
          text: ctx.t("groups-algorithm-button", { name: group.name, algorithm: algorithmName(ctx.t.bind(ctx), group.algorithm) }),
          payload,
        },
        async (c) => {
          const next = ALGORITHMS[(ALGORITHMS.indexOf(group.algorithm) + 1) % ALGORITHMS.length]!;
          if (!setAlgorithm(c.deps.db, c.from.id, group.id, next).ok) return refuseNotAdmin(c);
          await c.answerCallbackQuery();
          c.menu.update();
        },
      )
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
  .back(
    (ctx) => ctx.t("groups-back"),
    (c) => c.answerCallbackQuery(),
  );

export const groupsMenu = new Menu<BotContext>("groups", { onMenuOutdated: outdatedMenu("groups-outdated") }).dynamic(
  (ctx: BotContext, range: MenuRange<BotContext>) => {
    if (ctx.operator?.role !== "admin") return;
    for (const g of listGroups(ctx.deps.db)) {
      const n = groupMemberList(ctx.deps.db, g.id).filter((o) => o.active).length;
      range
        .submenu(
          {
            text: ctx.t("groups-line", { name: g.name, algorithm: algorithmName(ctx.t.bind(ctx), g.algorithm), n }),
            payload: String(g.id),
          },
          "group",
        )
        .row();
    }
  },
);
groupsMenu.register(groupMenu);

export function groupFeatures(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.use(
    createConversation(newGroupDialogue(deps), { id: "newGroup", maxMillisecondsToWait: deps.conversationTimeoutMs ?? 10 * 60_000 }),
  );
  composer.use(guardedMenu(adminOnly, groupsMenu));
  // Installed after the conversation, which must have seen the update before a command can enter it.
  const console_ = composer.chatType("private");
  console_.command("newgroup", adminOnly, (ctx) => ctx.conversation.enter("newGroup"));
  console_.command("groups", adminOnly, async (ctx) => {
    const groups = listGroups(ctx.deps.db);
    if (groups.length === 0) {
      await ctx.reply(ctx.t("groups-none"));
      return;
    }
    await ctx.reply(ctx.t("groups-text"), { reply_markup: groupsMenu });
  });
  console_.command("cancel", (ctx) => ctx.reply(ctx.t("groups-nothing-to-cancel")));
  return composer;
}
