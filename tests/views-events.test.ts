import { describe, expect, it } from "vitest";
import { createConsoleI18n } from "../src/bot/create-bot.js";
import type { Event } from "../src/rules/events.js";
import { renderEvent, renderStorageDown, renderStorageUp } from "../src/views/events.js";
import { SUPPORTED_LOCALES, translator } from "../src/views/i18n.js";
import { wordsIn } from "../src/views/words.js";

const translate = translator(createConsoleI18n("en"), "en");
const chat = { id: 1234, title: "Carol" };
const failure = { reason: "unreachable", attempts: 12, description: "502 Bad Gateway" } as const;

/** One of every event, so each one's words are checked in every language. */
const EVERY_EVENT: Event[] = [
  { kind: "assigned", chat, by: "Ann" },
  { kind: "assigned", chat, by: null },
  { kind: "assigned_from_queue", chat, group: "Sales" },
  { kind: "assigned_from_queue", chat, group: null },
  { kind: "taken", chat, by: "Ann", to: "Ben" },
  { kind: "taken", chat, by: null, to: null },
  { kind: "closed", chat, by: "Ann" },
  { kind: "queued", chat, group: "Sales" },
  { kind: "reminder", chat, minutes: 21, toResponsible: true },
  { kind: "reminder", chat, minutes: 5, toResponsible: false },
  { kind: "escalated", chat, minutes: 2 },
  { kind: "deactivated", by: "Ann", operator: "Ben", released: [chat, { id: 18, title: "Dan" }] },
  { kind: "deactivated", by: "Ann", operator: "Ben", released: [] },
  { kind: "joined", operator: "Ben" },
  { kind: "client_blocked", chat },
  { kind: "started_from", chat, sender: "Carol", source: "promo_spring" },
  { kind: "not_copyable", chat, sender: "Carol", messageKind: "invoice", text: "Pay" },
  { kind: "not_copyable", chat, sender: "Carol", messageKind: "giveaway" },
  { kind: "client_edited", chat, sender: "Carol", text: "new words" },
  { kind: "client_edited", chat, sender: "Carol" },
  { kind: "colleague_answered", chat, author: "Ann", messageKind: "photo", text: "look" },
  { kind: "not_delivered", chat, failure },
  { kind: "not_delivered", chat: null, failure: { reason: "refused", description: "Bad Request: chat not found" } },
  ...(["blocked", "never_started", "too_long", "caption_too_long", "source_gone", "deactivated"] as const).map(
    (reason): Event => ({ kind: "not_shown", chat, failure: { reason } }),
  ),
];

describe("events in words", () => {
  it("every event reads completely in every language: no missing key, no unfilled placeable, ids without separators", () => {
    for (const locale of SUPPORTED_LOCALES) {
      const t = wordsIn(translate, locale);
      const lines = [
        ...EVERY_EVENT.map((e) => renderEvent(e, t)),
        renderStorageDown("SQLITE_FULL", t),
        renderStorageDown(undefined, t),
        renderStorageUp(0.5, t),
        renderStorageUp(3, t),
      ];
      for (const line of lines) {
        expect(line, locale).not.toMatch(/\{\s*\$|events-|delivery-|cards-|1,234|1 234/);
      }
    }
  });

  it("English is word for word what the rules used to write", () => {
    const t = wordsIn(translate, "en");
    expect(renderEvent({ kind: "taken", chat, by: null, to: null }, t)).toBe(
      "↪️ an integration took #1234 Carol from you: it has no responsible now.",
    );
    expect(renderEvent({ kind: "reminder", chat, minutes: 5, toResponsible: false }, t)).toBe(
      "⏰ #1234 Carol has waited 5 min and nobody has answered yet.",
    );
    expect(renderEvent({ kind: "colleague_answered", chat, author: "Ann", messageKind: "photo", text: "look" }, t)).toBe(
      "💬 Ann → Carol:\n[photo] look",
    );
    expect(renderEvent({ kind: "not_delivered", chat, failure }, t)).toBe(
      "⚠️ Not delivered to #1234 Carol: Telegram could not be reached after 12 attempts (502 Bad Gateway)",
    );
    expect(renderStorageUp(0.5, t)).toBe(
      "✅ The console can write to its database again (after less than a minute). The messages that waited are being taken in.",
    );
  });

  it("Russian chooses plural forms through Fluent", () => {
    const t = wordsIn(translate, "ru");
    expect(renderEvent({ kind: "reminder", chat, minutes: 21, toResponsible: true }, t)).toBe(
      "⏰ #1234 Carol ждёт вашего ответа уже 21 минуту.",
    );
    expect(renderEvent({ kind: "reminder", chat, minutes: 3, toResponsible: true }, t)).toBe(
      "⏰ #1234 Carol ждёт вашего ответа уже 3 минуты.",
    );
    expect(renderEvent({ kind: "escalated", chat, minutes: 11 }, t)).toBe("🆘 #1234 Carol ждёт ответа уже 11 минут.");
  });
});
