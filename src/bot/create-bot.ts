import { conversations } from "@grammyjs/conversations";
import { Bot, type BotConfig, type Middleware, type Transformer } from "grammy";
import { availability } from "./features/availability.js";
import { backup } from "./features/backup.js";
import { business } from "./features/business.js";
import { inboxes } from "./features/inboxes.js";
import { cardActions } from "./features/card-actions.js";
import { chatCommands } from "./features/chat-commands.js";
import { chatList } from "./features/chat-list.js";
import { reports } from "./features/reports.js";
import { savedReplies } from "./features/saved-replies.js";
import { search } from "./features/search.js";
import { clientRelay, isClientCommand, isClientMessage } from "./features/client-relay.js";
import { groupFeatures } from "./features/groups.js";
import { logRefusal } from "./features/guards.js";
import { hours } from "./features/hours.js";
import { identity } from "./features/identity.js";
import { invite } from "./features/invite.js";
import { language } from "./features/language.js";
import { notes } from "./features/notes.js";
import { tagFeatures } from "./features/tags.js";
import { operatorReply } from "./features/operator-reply.js";
import { operators, rosterMenus } from "./features/operators.js";
import { profile } from "./features/profile.js";
import { ratingComments, ratings } from "./features/ratings.js";
import { featureFailed, safetyNet } from "./features/safety-net.js";
import { settings, settingsMenus } from "./features/settings.js";
import { start } from "./features/start.js";
import { updateLog } from "./features/update-log.js";
import type { BotContext, BotDeps } from "./context.js";
import { createI18n, type I18n, type Locale, supportedLocaleOf } from "../views/i18n.js";

/**
 * The words of the bot in each reader's language: an operator's choice (/language), else their Telegram app's
 * language when the console speaks it, else the team's default.
 */
export function createConsoleI18n(defaultLocale: Locale = "en"): I18n<BotContext> {
  return createI18n<BotContext>(defaultLocale, (ctx) => ctx.operator?.locale ?? supportedLocaleOf(ctx.from?.language_code));
}

/**
 * Telegram lets a callback query (or an inline query) be answered once, within seconds. A replayed update (after a
 * restart) or a slow handler meets "query is too old"; the work itself is done (an inline query's results are
 * simply no longer wanted), so that answer must not fail the update.
 */
const tolerateSpentCallbackQueries: Transformer = async (prev, method, payload, signal) => {
  const result = await prev(method, payload, signal);
  if (
    (method === "answerCallbackQuery" || method === "answerInlineQuery") &&
    !result.ok &&
    /query is too old|query ID is invalid/.test(result.description)
  ) {
    return { ok: true, result: true as never };
  }
  return result;
};

/**
 * Wires the features into a bot and returns it without starting it: `main.ts` decides how updates arrive,
 * tests drive the same bot against a fake Bot API.
 */
export function createBot(token: string, deps: BotDeps, config?: BotConfig<BotContext>): Bot<BotContext> {
  // Features translate for people other than the sender (command menus, notices), so every handler sees the instance.
  const i18n = deps.i18n ?? createConsoleI18n(deps.defaultLocale);
  deps = { ...deps, i18n, defaultLocale: deps.defaultLocale ?? "en" };
  const bot = new Bot<BotContext>(token, config);
  bot.api.config.use(tolerateSpentCallbackQueries);
  bot.use(updateLog(deps));
  bot.use(safetyNet(deps));
  bot.use(identity(deps));
  bot.use(i18n);
  // Channel posts are not conversations with clients.
  bot.drop((ctx) => ctx.channelPost !== undefined || ctx.editedChannelPost !== undefined);
  /*
   * Each feature runs inside its own error boundary, which logs a failure with the feature's name and throws it
   * on to the safety net (see `featureFailed`). A boundary runs the rest of the chain only after its feature
   * returned, so middleware that works after `next()` (conversations() saves its state in a `finally`) stays
   * outside any boundary.
   */
  const feature = (name: string, ...middleware: Middleware<BotContext>[]) => bot.errorBoundary(featureFailed(name), ...middleware);
  // A client's command is a client's message: only /start and /help are answered, everything else is relayed.
  feature("client-commands").filter(isClientCommand, start, clientRelay);
  // Most updates are clients' messages in their private chats, and only two features act on them: a rating
  // comment, else the relay. They go there directly, not through the two dozen features of the team's console
  // (each a layer of middleware and promises, most of a message's handling time outside the database).
  feature("client-messages").filter(isClientMessage, ratingComments, clientRelay);
  // Conversations go before the menus whose buttons enter them, and before everything that reads messages.
  bot.use(conversations());
  // Before the groups feature, whose /cancel answers "nothing to cancel" when its own dialogue is not running.
  feature("saved-replies", savedReplies(deps));
  feature("settings-menus", settingsMenus);
  feature("roster-menus", rosterMenus);
  feature("groups", groupFeatures(deps));
  feature("start", start);
  feature("invite", invite);
  feature("availability", availability);
  feature("settings", settings);
  feature("profile", profile);
  feature("language", language);
  feature("operators", operators);
  feature("chat-list", chatList);
  // Before operator-reply: a /note sent as a reply to a client's message is a note, never an answer.
  feature("notes", notes);
  feature("tags", tagFeatures);
  feature("reports", reports);
  feature("search", search);
  feature("backup", backup);
  feature("hours", hours);
  feature("ratings", ratings);
  feature("inboxes", inboxes);
  feature("card-actions", cardActions);
  // Before operator-reply, which answers any other typed command with a hint.
  feature("chat-commands", chatCommands);
  feature("operator-reply", operatorReply);
  feature("client-relay", clientRelay);
  feature("business", business);
  // A button from an older version of the bot, or forged data: answer so the client's spinner stops.
  feature("unknown-buttons").on("callback_query", (ctx) => {
    logRefusal(ctx, "unknown_button");
    return ctx.answerCallbackQuery({ text: ctx.t("button-no-longer-valid") });
  });
  return bot;
}
