# Tags on conversations. $tags: tag names written as hashtags ("#vip #billing"); $tag: one name, without #.
command-tag = Put tags on a chat: reply to its message or card
command-untag = Take tags off a chat: reply to its message or card
command-tags = The team's tags: add, remove
tags-button = 🏷 Tags
tags-card-line = 🏷 { $tags }
tags-team-list = The team's tags: { $tags }
tags-team-empty = The team has no tags yet; an admin adds them with /tags add vip
# $limit: the longest tag name, in characters.
tags-team-usage = /tags add vip billing adds tags; /tags remove vip removes one, from every chat too. A tag is one word of letters, digits, _ or -, at most { $limit } characters; it is kept in lower case.
tags-team-added = ✅ #{ $tag } added.
# $n: how many chats carried the tag.
tags-team-removed = { $n ->
    [0] 🗑 #{ $tag } removed.
    [one] 🗑 #{ $tag } removed, also from the one chat that carried it.
   *[other] 🗑 #{ $tag } removed, also from the { $n } chats that carried it.
}
# $length: the longest tag name; $limit: the most tags a team keeps.
tags-team-invalid = ⚠️ “{ $tag }” cannot be a tag: one word of letters, digits, _ or -, at most { $length } characters.
tags-team-exists = #{ $tag } is already on the list.
tags-team-not-found = ⚠️ “{ $tag }” is not on the team's list.
tags-team-too-many = ⚠️ The team already has { $limit } tags, the most a card's menu can show. Remove one first.
tags-usage = Write the tags after the command, e.g. /tag vip. Send it as a reply to a message or card of the chat (or in the chat's topic).
tags-no-chat = Which chat? Send /tag or /untag as a reply to one of the client's messages or to the chat's card (or in the chat's topic).
tags-chat-now = 🏷 #{ $id } { $title }: { $tags }
tags-chat-none = 🏷 #{ $id } { $title } has no tags.
# $known: the team's tags.
tags-unknown = ⚠️ Not on the team's list: { $tags }. The team's tags: { $known }. Admins add tags with /tags add.
tags-unknown-empty = ⚠️ Not on the team's list: { $tags }. The team has no tags yet; an admin adds them with /tags add.
tags-gone = That tag is no longer on the team's list.
tags-done-on = #{ $tag } is on the chat now
tags-done-off = #{ $tag } is off the chat now
tags-chat-list-by-tag = 🏷 By tag
chat-list-scope-tag = tag: #{ $name }
tags-chat-list-unknown = ⚠️ “{ $tag }” is not one of the team's tags. /chats without a word shows every chat.
# /report cut by a tag. $period: one of report-period-*.
tags-report-title = 📊 Report, { $period }, chats tagged #{ $tag }
tags-report-summary = chats with messages: { $active }, new: { $new }, messages from clients: { $clientMessages }
tags-report-line = { $name }: closed { $closed }, messages { $messages }, first response median { $firstMedian }
tags-report-usage = Cut by a tag: /report 7d vip
