# Business hours: the off-hours automatic answer and /hours.
# The language of this file: picks the team's own off-hours text written for it (/hours message en ...).
hours-locale = en
hours-auto-answer = Thank you for your message. We are outside business hours right now; we will answer as soon as we are back.
command-hours = Business hours, days off and the automatic answer outside them
hours-none = 🕘 No business hours are set: the team counts as always open.
hours-current = 🕘 Business hours ({ $zone }): { $schedule }
# $days: dates like 2026-12-25, comma-separated.
hours-days-off = Days off: { $days }
hours-days-off-none = none
hours-open-now = Open now.
hours-closed-now = Closed now: clients who write get the automatic answer once until the team opens.
# $locales: language codes like "en, ru".
hours-messages-custom = Automatic answer: the team's own text for { $locales }, the built-in one otherwise.
hours-messages-builtin = Automatic answer: the built-in text.
hours-usage =
    /hours Mon-Fri 09:00-18:00 Europe/Berlin — set the week (several days and times may come before the time zone: Mon-Fri 09:00-18:00 Sat 10:00-14:00 Europe/Berlin)
    /hours off 2026-12-25 — a day off; /hours open 2026-12-25 undoes it
    /hours message en Your text — the automatic answer in one language; without text, the built-in one
    /hours none — no business hours
hours-need-hours = Set the business hours first, then the days off.
hours-bad-date = Write the date as 2026-12-25.
hours-bad-locale = Name the language first: { $locales }.
hours-message-too-long = That text is longer than Telegram allows in one message.
hours-bad-format = Write the hours as /hours Mon-Fri 09:00-18:00 Europe/Berlin.
hours-bad-zone = { $zone } is not a time zone. Use a name like Europe/Berlin, America/New_York or UTC.
hours-bad-range = Each opening must end after it starts on the same day (write a night shift as two openings).
# Beside the report, when business hours are set. $median and $p90 are durations.
report-hours-title = ⏱ First response within business hours only
report-hours-line = { $name }: median { $median }, p90 { $p90 }
