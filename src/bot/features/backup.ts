import { Composer } from "grammy";
import { backupOnRequest } from "../../rules/backup.js";
import type { BotContext } from "../context.js";
import { logRefusal } from "./guards.js";

/** `/backup` (admins): copies the database now and says where the copy is and how big; nothing of its content. */
export const backup = new Composer<BotContext>();

const REFUSALS = {
  not_operator: "guard-not-operator",
  not_admin: "guard-not-admin",
  unavailable: "backup-unavailable",
} as const;

function size(ctx: BotContext, bytes: number): string {
  if (bytes >= 1024 * 1024) return ctx.t("backup-size-mb", { mb: (bytes / 1024 / 1024).toFixed(1) });
  return ctx.t("backup-size-kb", { kb: String(Math.max(1, Math.round(bytes / 1024))) });
}

backup.chatType("private").command("backup", async (ctx) => {
  let outcome: Awaited<ReturnType<typeof backupOnRequest>>;
  try {
    outcome = await backupOnRequest(ctx.deps.db, ctx.from.id, ctx.deps.backups);
  } catch (err) {
    ctx.log.error({ err }, "backup on request failed");
    await ctx.reply(ctx.t("backup-failed"));
    return;
  }
  if (!outcome.ok) {
    logRefusal(ctx, outcome.reason);
    await ctx.reply(ctx.t(REFUSALS[outcome.reason]));
    return;
  }
  await ctx.reply(ctx.t("backup-written", { path: outcome.backup.path, size: size(ctx, outcome.backup.bytes) }));
});
