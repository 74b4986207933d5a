# Saved replies (/replies) and the inline mode that offers them in a client's conversation.
command-replies = Saved replies: the team library and your own
replies-home = 💬 Saved replies. In a client's conversation, type @{ $bot } and a word from a reply's title or text, then tap the reply: it goes to the client like any answer. Reply to one of the client's messages (or write in their topic) while you do. { $client } and { $operator } are filled in with the client's name and yours.
replies-team-button = 📚 Team library ({ $n })
replies-own-button = 👤 My replies ({ $n })
replies-team-heading = 📚 Team library: { $n ->
    [0] no replies yet.
    [one] 1 reply.
   *[other] { $n } replies.
}
replies-own-heading = 👤 Your own replies: { $n ->
    [0] none yet.
    [one] 1 reply.
   *[other] { $n } replies.
}
replies-section-hint-manage = Tap a reply to see, edit or delete it, or add a new one.
replies-section-hint-read = Tap a reply to see it. Only admins change the team library.
replies-prev = ◀ Previous
replies-next = Next ▶
replies-add-button = ➕ Add
replies-edit-button = ✏️ Edit
replies-delete-button = 🗑 Delete
replies-delete-confirm = Delete the saved reply “{ $title }”? Nobody will be offered it any more.
replies-delete-yes = 🗑 Yes, delete
replies-deleted = Deleted “{ $title }”.
replies-cancel = Cancel
replies-gone = This saved reply no longer exists.
replies-kind-text = text
replies-kind-photo = photo
replies-kind-video = video
replies-kind-document = file
replies-kind-animation = GIF
replies-kind-audio = audio
replies-kind-voice = voice message
replies-kind-sticker = sticker
replies-section-team = the team library
replies-section-own = your own replies
replies-ask-title = A new saved reply in { $section }. Send its title (up to 64 characters): operators find it by its title and text. /cancel to stop.
replies-title-invalid = Send the title as text, up to 64 characters, not starting with /; or /cancel.
replies-ask-content = Now send the reply itself: a text, or a photo, video, file, GIF, audio, voice message or sticker (media may have a caption). { $client } and { $operator } are filled in for each client.
replies-content-invalid = That can't be a saved reply. Send a text, or a photo, video, file, GIF, audio, voice message or sticker; or /cancel.
replies-edit-ask-title = Editing “{ $title }”. Send a new title, or /skip to keep it; /cancel to stop.
replies-edit-ask-content = Send the new reply (a text or media with a caption), or /skip to keep the current one.
replies-saved = ✅ Saved “{ $title }” in { $section }.
replies-cancelled = Cancelled. Nothing was changed.
replies-not-admin = Only an admin can change the team library; nothing was changed.
