# What rules tell operators (src/rules/events.ts), rendered when the notice is sent, in the reader's language.
# $id is a chat's number, $title its name; $by, $to, $operator, $author, $sender are people's names.
events-integration = an integration
events-assigned = 📌 { $by } made you responsible for #{ $id } { $title }.
events-assigned-from-queue = 📌 #{ $id } { $title } waited in the { $group } queue; it is yours now that you are online.
events-assigned-from-unnamed-queue = 📌 #{ $id } { $title } waited in the group's queue; it is yours now that you are online.
events-taken = ↪️ { $by } took #{ $id } { $title } from you: { $to } is responsible now.
events-taken-to-nobody = ↪️ { $by } took #{ $id } { $title } from you: it has no responsible now.
events-closed = ✅ { $by } closed #{ $id } { $title }.
events-queued = ⏳ #{ $id } { $title } waits in the { $group } queue: no member is online. It goes to the first who sends /online.
# $minutes is the number to show, $n the same number for choosing the plural form.
events-reminder-responsible = ⏰ #{ $id } { $title } has waited { $minutes } min for your answer.
events-reminder-nobody = ⏰ #{ $id } { $title } has waited { $minutes } min and nobody has answered yet.
events-escalated = 🆘 #{ $id } { $title } has waited { $minutes } min without an answer.
events-deactivated = 🚫 { $by } deactivated { $operator }.
# $chats: the chats as "#17 Carol, #18 Dan".
events-deactivated-released = 🚫 { $by } deactivated { $operator }. These chats have no responsible now: { $chats }.
events-joined = 👋 { $operator } joined the team through your invite.
events-client-blocked = ⛔ { $title } has blocked the bot: messages to them cannot be delivered.
# $source: the payload of the /start link the client came through (an ad's or a site's tag).
events-started-from = 🚀 { $sender } started the bot from { $source }.
# $kind: what the message is (photo, poll, invoice...).
events-not-copyable = 📎 { $sender } sent something Telegram does not let bots copy ({ $kind }).
events-not-copyable-with-text = 📎 { $sender } sent something Telegram does not let bots copy ({ $kind }: { $text }).
events-client-edited =
    ✏️ { $sender } edited a message:
    { $text }
events-client-edited-empty = ✏️ { $sender } edited a message.
# $what: the text of the answer, or "[photo] caption" for other kinds.
events-colleague-answered =
    💬 { $author } → { $title }:
    { $what }
# Told to admins directly (the outbox cannot be written then). $cause is one of events-storage-cause-*; $code SQLite's code.
events-storage-down =
    ⚠️ The console cannot write to its database: { $cause }.
    New messages from clients wait at Telegram, unconfirmed, and will be taken in, in order, as soon as writes succeed again (Telegram keeps them for up to 24 hours).
    Please check the server's disk.
events-storage-down-with-code =
    ⚠️ The console cannot write to its database: { $cause } ({ $code }).
    New messages from clients wait at Telegram, unconfirmed, and will be taken in, in order, as soon as writes succeed again (Telegram keeps them for up to 24 hours).
    Please check the server's disk.
events-storage-cause-full = the disk is full
events-storage-cause-readonly = the database is read-only
events-storage-cause-io = the disk reports an input/output error
events-storage-cause-locked = another program holds the database locked
events-storage-cause-cantopen = the database file cannot be opened
events-storage-cause-other = an unexpected error
# $minutes is shown as is, $n is the same number for the plural; under a minute uses the other message.
events-storage-up = ✅ The console can write to its database again (after { $minutes } min). The messages that waited are being taken in.
events-storage-up-soon = ✅ The console can write to its database again (after less than a minute). The messages that waited are being taken in.
