# A chat's card (drawn at send time, and again when a button redraws it) and the flood's fold notice.
# $id is the chat's number, $who its name (with @username when it has one).
cards-title = 💬 #{ $id } · { $who }
cards-status =
    Status: { $status ->
        [open] open
       *[closed] closed
    }
cards-status-blocked =
    Status: { $status ->
        [open] open
       *[closed] closed
    } · ⛔ blocked the bot
cards-group-chat = Group chat: no responsible
cards-responsible-off = Responsible: off for this chat
cards-responsible-queued = Responsible: none, waiting in the { $group } queue
cards-responsible-none = Responsible: none (unassigned)
cards-responsible-you = Responsible: you
cards-responsible = Responsible: { $name }
cards-came-from = Came from: { $source }
cards-take-it = 🆘 Take it
cards-claim = 🙋 Claim
cards-assign = 👥 Assign
cards-close = ✅ Close
cards-reopen = ↩️ Reopen
cards-history = 📜 History
cards-switch-off = 🔕 Responsible off
cards-switch-on = 🔔 Responsible on
# $count is shown as is; $n is the same number for the plural.
cards-fold =
    📨 { $title } sent { $n ->
        [one] 1 more message
       *[other] { $count } more messages
    }. All of them are in the chat's 📜 History.
# The backlog cap's notice: $messages and $chats are shown as they are; $m and $c are the same numbers for the plural.
cards-backlog =
    📥 Your queue is long, so messages in chats that are not yours were not sent here one by one: { $m ->
        [one] 1 more message
       *[other] { $messages } more messages
    } in { $c ->
        [one] 1 chat
       *[other] { $chats } chats
    }. Messages in your own chats still come through. The chat list shows who is waiting.
cards-backlog-open = 📋 Open chats
