# /find: search over clients' names, usernames and both sides of every conversation.
command-find = words: find chats by client name, username or message text
search-heading = 🔎 “{ $words }”, newest first (page { $page })
search-empty = Nothing found. Every word must appear; the last one may be the start of a word.
search-no-more = No more results.
search-by-name = (client's name or username)
search-operator = { $name } (operator)
search-usage = Write what to look for after the command, e.g. /find refund order.
search-expired = This search has expired. Send /find again.
