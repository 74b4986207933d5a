import type { Api } from "grammy";
import type { Db } from "../db/client.js";
import { offHoursText } from "../rules/business-hours.js";
import type { ClientPrompt } from "../rules/outbox.js";
import { renderClientPrompt } from "../views/client-prompts.js";
import type { Words } from "../views/words.js";
import { compact } from "../optional.js";
import type { Recorder } from "./sends.js";

/** Sends what the bot itself says to a client (a rating question, the off-hours answer), worded now. */
export async function sendClientPrompt(api: Api, db: Db, dest: number, prompt: ClientPrompt, t: Words): Promise<Recorder> {
  // The team's own off-hours text is kept per language; `hours-locale` names the language `t` speaks.
  const custom = prompt.kind === "off_hours" ? offHoursText(db, t("hours-locale")) : undefined;
  const view = renderClientPrompt(prompt, t, custom);
  await api.sendMessage(dest, view.text, compact({ reply_markup: view.reply_markup, link_preview_options: { is_disabled: true } }));
  return () => {};
}
