# Telegram Business: a business account connected to the bot, its clients' chats, and answers sent as the account.
# $account is the business account's name; $id a chat's number, $title its name.
business-failure-off = the business account's connection is disabled or may not reply; an admin can check it with /inboxes
business-failure-window = more than 24 hours have passed since the client's last message, so Telegram no longer lets the bot answer in this chat; the account's owner can still answer from their own Telegram app
business-failure-not-resendable = this kind of message cannot be sent through a business account; send it as text, a photo, a video, a file, a voice message, a sticker, a location or a contact
business-refused = 🚫 { $account } connected the bot to their business account, but only an admin of this console may do that. Their clients' messages are ignored. To serve this account, make { $account } an admin, then have them connect the bot again.
business-connected = 🏢 { $account } connected their business account: clients who write to it now reach the team here.
business-off-disabled = ⚠️ The business account { $account } disabled the bot: answers to its clients cannot be sent until it is enabled again.
business-off-no-reply = ⚠️ The business account { $account } no longer lets the bot reply: answers to its clients cannot be sent until the right to reply is given back.
business-on = ✅ The business account { $account } lets the bot answer again.
# $count is shown as is; $n the same number for the plural.
business-client-deleted =
    🗑 { $sender } deleted { $n ->
        [one] a message
       *[other] { $count } messages
    } in #{ $id } { $title } (the history keeps what was said).
# $what: the text of the answer, or "[photo] caption" for other kinds.
business-account-answered =
    📱 { $account } answered #{ $id } { $title } from the account's app:
    { $what }
business-owner-answered =
    📱 { $author } answered #{ $id } { $title } from the { $account } app:
    { $what }
business-inbox-bot = the bot
business-card-inbox = Inbox: { $inbox }
# $left: the time left to answer, as business-window-left says it.
business-card-window = ⏳ Answer within { $left } (Telegram's 24-hour window)
business-window-left = { $h } h { $m } min
business-window-closed = ⌛ The 24-hour window is over: only the account's owner can answer now, from their app
business-list-inbox = 🏢 { $inbox }
business-inboxes-heading = 🏢 Inboxes
business-inboxes-bot = • The bot itself: always on
business-inboxes-line = • { $account }: { $state }
business-inboxes-state-on = answering{ $read ->
        [yes] , marks messages read
       *[no] {""}
    }
business-inboxes-state-disabled = disabled by the account
business-inboxes-state-no-reply = may not reply
business-inboxes-state-refused = ignored (not connected by an admin)
business-inboxes-empty = No business account is connected. To connect one: in the account's Telegram app, open Settings → Telegram Business → Chatbots and add this bot, from an account that is an admin here.
command-inboxes = inboxes: the bot and the connected business accounts
business-chat-list-by-inbox = 🏢 By inbox
# $left: the time left, as business-window-left says it.
business-window-closing = 🆘 #{ $id } { $title } is still unanswered and Telegram's 24-hour window for answering it closes in { $left }.
