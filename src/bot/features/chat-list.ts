import { Composer, InlineKeyboard } from "grammy";
import { type ChatListFilter, listChats } from "../../rules/chat-list.js";
import { chatListText, type ListScope } from "../../views/chat-list.js";
import { getGroup, listGroups } from "../../rules/groups.js";
import { getOperator, listActiveOperators } from "../../rules/people.js";
import { decode, type DataOf, encode, matcher } from "../../callback-codec.js";
import type { BotContext } from "../context.js";
import { ignoreNotModified } from "../edits.js";
import type { T } from "../../views/words.js";
import { operatorOnly } from "./guards.js";
import { getAccount, listConnections } from "../../rules/business-chats.js";
import { inboxName } from "../../views/business.js";

const t =
  (ctx: BotContext): T =>
  (key, vars) =>
    ctx.t(key, vars);

import { hasTeamTags, listTeamTags, tagById, tagByName } from "../../rules/tags.js";
import { queueTopicCard } from "../../rules/topics.js";
import { topicName } from "../../views/topics.js";

/**
 * A chat opened from the list in the threaded inbox: its card goes into the chat's topic (which moves to the top
 * of the operator's topics), not into the list. Returns false in stream mode, where the card is sent here.
 */
export async function openInTopic(ctx: BotContext, chatId: number): Promise<boolean> {
  if (ctx.deps.inbox?.mode !== "threads") return false;
  const { db, clock } = ctx.deps;
  queueTopicCard(db, ctx.from!.id, chatId, clock);
  ctx.deps.kickDelivery();
  const name = topicName(db, chatId, ctx.from!.id, (key, vars) => ctx.t(key, vars)) ?? `#${chatId}`;
  await ctx.answerCallbackQuery({ text: ctx.t("topics-card-in-topic", { name }) });
  return true;
}

/** Which chats the list shows; numbers because they travel in callback data. */
export const LIST_KIND = { all: 0, mine: 1, unassigned: 2, operator: 3, group: 4, tag: 5, inbox: 6 } as const;
const STATUSES = ["open", "closed", "all"] as const;
const PAGE_SIZE = 10;

type ListView = Omit<DataOf<"chatList">, "action">;

function filterOf(ctx: BotContext, view: ListView, viewerId: number): ChatListFilter {
  const status = STATUSES[view.status] ?? "open";
  switch (view.kind) {
    case LIST_KIND.mine:
      return { status, responsible: viewerId };
    case LIST_KIND.unassigned:
      return { status, responsible: "none" };
    case LIST_KIND.operator:
      return { status, responsible: view.arg };
    case LIST_KIND.group:
      return { status, groupId: view.arg };
    case LIST_KIND.tag:
      // A tag removed meanwhile matches nothing rather than everything.
      return { status, tag: tagById(ctx.deps.db, view.arg)?.name ?? "" };
    case LIST_KIND.inbox:
      // 0 stands for the bot itself; any other number is a business account.
      return { status, inbox: view.arg === 0 ? "bot" : view.arg };
    default:
      return { status };
  }
}

function scopeOf(ctx: BotContext, view: ListView): ListScope {
  if (view.kind === LIST_KIND.mine) return { kind: "mine" };
  if (view.kind === LIST_KIND.unassigned) return { kind: "unassigned" };
  if (view.kind === LIST_KIND.operator) return { kind: "operator", name: getOperator(ctx.deps.db, view.arg)?.name ?? "?" };
  if (view.kind === LIST_KIND.group) return { kind: "group", name: getGroup(ctx.deps.db, view.arg)?.name ?? "?" };
  if (view.kind === LIST_KIND.tag) return { kind: "tag", name: tagById(ctx.deps.db, view.arg)?.name ?? "?" };
  if (view.kind === LIST_KIND.inbox)
    return { kind: "inbox", name: inboxName(view.arg ? getAccount(ctx.deps.db, view.arg) : undefined, t(ctx)) };
  return { kind: "all" };
}

/** The list text and its keyboard: filters, one button per chat to open its card, paging. */
export function renderList(ctx: BotContext, view: ListView): { text: string; keyboard: InlineKeyboard } {
  const now = ctx.deps.clock();
  const { items, next } = listChats(ctx.deps.db, filterOf(ctx, view, ctx.from!.id), PAGE_SIZE, undefined, view.page * PAGE_SIZE);
  const t: T = (key, vars) => ctx.t(key, vars);
  const text = chatListText(t, scopeOf(ctx, view), STATUSES[view.status] ?? "open", items, now);
  const k = new InlineKeyboard();
  const to = (change: Partial<ListView>) => encode({ action: "chatList", ...view, page: 0, ...change });
  const mark = (on: boolean, label: string) => (on ? `• ${label}` : label);
  k.text(mark(view.kind === LIST_KIND.all, t("chat-list-all")), to({ kind: LIST_KIND.all, arg: 0 }))
    .text(mark(view.kind === LIST_KIND.mine, t("chat-list-mine")), to({ kind: LIST_KIND.mine, arg: 0 }))
    .text(mark(view.kind === LIST_KIND.unassigned, t("chat-list-unassigned-button")), to({ kind: LIST_KIND.unassigned, arg: 0 }))
    .row()
    .text(
      mark(view.kind === LIST_KIND.operator, t("chat-list-by-operator")),
      encode({ action: "chatListPick", kind: LIST_KIND.operator, status: view.status }),
    )
    .text(
      mark(view.kind === LIST_KIND.group, t("chat-list-by-group")),
      encode({ action: "chatListPick", kind: LIST_KIND.group, status: view.status }),
    );
  if (hasTeamTags(ctx.deps.db)) {
    k.text(
      mark(view.kind === LIST_KIND.tag, t("tags-chat-list-by-tag")),
      encode({ action: "chatListPick", kind: LIST_KIND.tag, status: view.status }),
    );
  }
  k.row();
  // Only a team with a business account has more than one inbox to choose from.
  if (listConnections(ctx.deps.db).some((c) => c.accepted)) {
    k.text(
      mark(view.kind === LIST_KIND.inbox, t("business-chat-list-by-inbox")),
      encode({ action: "chatListPick", kind: LIST_KIND.inbox, status: view.status }),
    ).row();
  }
  STATUSES.forEach((s, i) => {
    k.text(mark(view.status === i, t(`chat-list-filter-${s}`)), to({ status: i }));
  });
  k.row();
  items.forEach((item, i) => {
    k.text(`#${item.id}`, encode({ action: "openChat", chat: item.id }));
    if (i % 5 === 4) k.row();
  });
  k.row();
  if (view.page > 0) k.text(t("chat-list-newer"), encode({ action: "chatList", ...view, page: view.page - 1 }));
  if (next) k.text(t("chat-list-older"), encode({ action: "chatList", ...view, page: view.page + 1 }));
  return { text, keyboard: k };
}

/** `/chats`: the chat list with filters (mine, unassigned, by operator, by group; open, closed, all). */
export const chatList = new Composer<BotContext>();

chatList.chatType("private").command("chats", operatorOnly, async (ctx) => {
  // `/chats vip`: the chats carrying a team tag.
  const tag = ctx.match.trim() ? tagByName(ctx.deps.db, ctx.match) : undefined;
  if (ctx.match.trim() && !tag) {
    await ctx.reply(ctx.t("tags-chat-list-unknown", { tag: ctx.match.trim() }));
    return;
  }
  const { text, keyboard } = renderList(
    ctx,
    tag ? { kind: LIST_KIND.tag, arg: tag.id, status: 0, page: 0 } : { kind: LIST_KIND.all, arg: 0, status: 0, page: 0 },
  );
  await ctx.reply(text, { reply_markup: keyboard });
});

chatList.callbackQuery(matcher("chatList", "chatListPick"), operatorOnly, async (ctx) => {
  const data = decode(ctx.callbackQuery.data);
  await ctx.answerCallbackQuery();
  if (data?.action === "chatList") {
    const { text, keyboard } = renderList(ctx, data);
    await ctx.editMessageText(text, { reply_markup: keyboard }).catch(ignoreNotModified);
  } else if (data?.action === "chatListPick") {
    const k = new InlineKeyboard();
    const choices =
      data.kind === LIST_KIND.operator
        ? listActiveOperators(ctx.deps.db).map((o) => [o.name, o.id] as const)
        : data.kind === LIST_KIND.tag
          ? listTeamTags(ctx.deps.db).map((tag) => [`#${tag.name}`, tag.id] as const)
          : data.kind === LIST_KIND.inbox
            ? [
                [inboxName(undefined, t(ctx)), 0] as const,
                ...listConnections(ctx.deps.db)
                  .filter((c) => c.accepted)
                  .map((c) => [inboxName(c, t(ctx)), c.accountId] as const),
              ]
            : listGroups(ctx.deps.db).map((g) => [g.name, g.id] as const);
    for (const [name, id] of choices.slice(0, 40)) {
      k.text(name, encode({ action: "chatList", kind: data.kind, arg: id, status: data.status, page: 0 })).row();
    }
    k.text(ctx.t("button-back"), encode({ action: "chatList", kind: LIST_KIND.all, arg: 0, status: data.status, page: 0 }));
    await ctx.editMessageReplyMarkup({ reply_markup: k }).catch(ignoreNotModified);
  }
});
