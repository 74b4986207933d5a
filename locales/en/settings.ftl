# /settings, /reset_on_close, /watchdog and /backlog.
settings-text =
    Team settings.
    Reset on close: closing a chat also clears its responsible, so the client's next message arrives as a new, unassigned chat.
    Reminder: after N minutes without an answer the responsible is reminded; after 2N every available operator is alerted. Tap to step through the values.
    Queue cap: once an operator has this many messages still to be sent to them (about a second each), messages in chats that are not theirs are summed up in one notice until the queue is short again.
settings-reset-on-close = Reset responsible on close
settings-sign-replies = Sign replies with the responsible's name
settings-on = on
settings-off = off
settings-minutes = { $minutes } min
settings-watchdog-button = ⏰ Unanswered-chat reminder: { $value }
settings-outdated = Settings changed meanwhile; here they are now.
settings-reset-usage = Reset on close is { $value }. Use /reset_on_close on or /reset_on_close off.
settings-reset-now = Reset on close is now { $value }.
settings-watchdog-usage = The unanswered-chat reminder is { $value }. Use /watchdog N (minutes, up to 1440) or /watchdog off.
settings-watchdog-now = The unanswered-chat reminder is now { $value }.
settings-messages = { $count } { $n ->
    [one] message
   *[other] messages
}
settings-backlog-button = 📥 Queue cap: { $value }
settings-backlog-usage = The queue cap is { $value }. Use /backlog N (messages still to be sent to one operator, 10 to 10000) or /backlog off.
settings-backlog-now = The queue cap is now { $value }.
