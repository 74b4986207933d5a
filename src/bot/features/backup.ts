import { Composer } from "grammy";
import { backupOnRequest } from "../../rules/backup.js";
import type { BotContext } from "../context.js";

/** `/backup` (admins): copies the database now and says where the copy is and how big; nothing of its content. */
export const backup = new Composer<BotContext>();

const REFUSALS = {
  not_operator: "This is for the team's operators only.",
  not_admin: "Only an admin can do this.",
  unavailable: "Backups are not set up in this bot.",
} as const;

function size(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

backup.chatType("private").command("backup", async (ctx) => {
  let outcome;
  try {
    outcome = await backupOnRequest(ctx.deps.db, ctx.from.id, ctx.deps.backups);
  } catch (err) {
    ctx.deps.log.error({ err }, "backup on request failed");
    await ctx.reply("The backup failed; the bot's log says why.");
    return;
  }
  if (!outcome.ok) {
    await ctx.reply(REFUSALS[outcome.reason]);
    return;
  }
  await ctx.reply(`Backup written: ${outcome.backup.path} (${size(outcome.backup.bytes)}).`);
});
