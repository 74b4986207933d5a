# Private notes on a chat (/note): colleagues see them, the client never does.
# $author: who wrote the note; $id, $title: the chat.
notes-event =
    📝 Note by { $author } on #{ $id } { $title }:
    { $text }
# $n: how many colleagues are shown the note.
notes-saved = { $n ->
    [0] 📝 Note saved on #{ $id } { $title }. Nobody else follows this chat right now; the note stays in its history.
    [one] 📝 Note saved on #{ $id } { $title }; one colleague is shown it. The client does not see it.
   *[other] 📝 Note saved on #{ $id } { $title }; { $n } colleagues are shown it. The client does not see it.
}
notes-usage = Write the note after the command, e.g. /note promised a refund by Friday. Send it as a reply to a message or card of the chat (or in the chat's topic).
notes-no-chat = Which chat is the note for? Send /note as a reply to one of the client's messages or to the chat's card (or in the chat's topic).
# $limit: the longest note, in characters.
notes-too-long = A note can be at most { $limit } characters long.
# One line of History and the transcript. $name: the note's author.
notes-history-line = 📝 Note by { $name }: { $text }
command-note = A private note on a chat: reply to its message or card
