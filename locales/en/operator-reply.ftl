# An operator's replies to clients: what the console says back.
reply-unknown-command = Unknown command. /help lists what you can do.
reply-no-target-reply = I can't tell which chat that message belongs to (it may be a copy from a delivery that was retried). Reply to the client's chat card or to another of their messages.
reply-no-target = To answer a client, reply to one of their messages or to their chat card (swipe left on it, or Reply).
reply-client-blocked = ⚠️ Not sent: #{ $id } { $title } has blocked the bot.
reply-held-responsible = ✋ { $name } is responsible for #{ $id } { $title }. Your message was not sent.
reply-held = ✋ Your message to #{ $id } { $title } was not sent yet.
reply-take-over = Take over
reply-send-anyway = Send anyway
reply-cancel = Cancel
reply-took-over = ✅ You are responsible for #{ $id } { $title } now; your message was sent.
reply-sent = ✅ Sent to #{ $id } { $title }.
reply-cancelled = Cancelled: your message was not sent.
reply-already-answered = This question was already answered.
relay-access-removed = Your operator access has been removed. Ask an admin of your team if this is a mistake.
