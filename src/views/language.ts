import type { Operator } from "../rules/people.js";

import type { T } from "./words.js";

/** What /language says above its buttons: the language in use and where it comes from. */
export function languageMenuText(t: T, op: Pick<Operator, "locale">): string {
  return t(op.locale ? "language-current-chosen" : "language-current-app", { language: t("language-name") });
}
