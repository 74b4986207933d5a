import { Composer, InlineKeyboard } from "grammy";
import { rememberSearch, searchChats, storedSearch } from "../../rules/search.js";
import { searchText } from "../../views/search.js";
import type { T } from "../../views/words.js";
import { fitText, TEXT_LIMIT } from "../../text-limits.js";
import { decode, encode, matcher } from "../../callback-codec.js";
import type { BotContext } from "../context.js";
import { ignoreNotModified } from "../edits.js";
import { operatorOnly, refuseNotOperator } from "./guards.js";

const PAGE_SIZE = 10;

/** A page of results: one button per chat to open its card (as in /chats), and paging. Undefined if refused. */
function render(ctx: BotContext, searchId: number, words: string, page: number): { text: string; keyboard: InlineKeyboard } | undefined {
  const found = searchChats(ctx.deps.db, ctx.from!.id, words, PAGE_SIZE, page * PAGE_SIZE);
  if (!found.ok) return undefined;
  const t: T = (key, vars) => ctx.t(key, vars);
  const k = new InlineKeyboard();
  found.hits.forEach((hit, i) => {
    k.text(`#${hit.chat.id}`, encode({ action: "openChat", chat: hit.chat.id }));
    if (i % 5 === 4) k.row();
  });
  k.row();
  if (page > 0) k.text(t("chat-list-newer"), encode({ action: "searchPage", search: searchId, page: page - 1 }));
  if (found.more) k.text(t("chat-list-older"), encode({ action: "searchPage", search: searchId, page: page + 1 }));
  return { text: fitText(searchText(t, words, found.hits, ctx.deps.clock(), page), TEXT_LIMIT), keyboard: k };
}

/** `/find words`: chats whose client's name, username or messages (both sides) contain the words, newest first. */
export const search = new Composer<BotContext>();

search.chatType("private").command("find", operatorOnly, async (ctx) => {
  const words = ctx.match.trim();
  if (!/[\p{L}\p{N}]/u.test(words)) {
    await ctx.reply(ctx.t("search-usage"));
    return;
  }
  const id = rememberSearch(ctx.deps.db, ctx.operator!.id, words, ctx.deps.clock);
  const page = render(ctx, id, words, 0);
  if (!page) return refuseNotOperator(ctx);
  await ctx.reply(page.text, { reply_markup: page.keyboard });
});

search.callbackQuery(matcher("searchPage"), operatorOnly, async (ctx) => {
  const data = decode(ctx.callbackQuery.data);
  if (data?.action !== "searchPage") return;
  const words = storedSearch(ctx.deps.db, ctx.from.id, data.search);
  if (words === undefined) {
    await ctx.answerCallbackQuery({ text: ctx.t("search-expired") });
    return;
  }
  const page = render(ctx, data.search, words, data.page);
  if (!page) return refuseNotOperator(ctx);
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(page.text, { reply_markup: page.keyboard }).catch(ignoreNotModified);
});
