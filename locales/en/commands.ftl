# The command menus (setMyCommands) and /help.
command-client-start = Start talking to us
command-client-help = How this works
command-help = What you can do here
command-online = Available: chats from your groups can be assigned to you
command-away = Not available for new chats
command-chats = The chat list, with filters
command-report = Performance: today, 7d or 30d
command-profile = Your notifications: sound, silent or off; which chats
command-language = The language the bot speaks to you
command-cancel = Leave the current dialogue
command-invite = One-time link that makes someone an operator
command-operators = Team roster: promote, demote, deactivate
command-groups = Groups and their members
command-newgroup = Create a group of operators
command-settings = Team-wide settings
command-reset-on-close = on|off: closing a chat clears its responsible
command-watchdog = N|off: minutes before an unanswered chat is chased
command-backlog = N|off: unsent messages an operator's queue holds before other chats are summed up
command-backup = Copy the database now: where the copy is and its size
help-client = Write your question here, as text, photos, voice or files. Our team sees it and answers in this chat.
help-operator =
    You are an operator. Clients' messages arrive here, each chat introduced by its card (#number, name, responsible).
    Answer a client by replying (swipe left, Reply) to any of their messages or to their card. The first to answer an unassigned chat becomes its responsible.
    The card's buttons claim, assign, close and reopen chats.
