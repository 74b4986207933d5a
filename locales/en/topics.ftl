# The threaded inbox: each client chat's topic in an operator's chat with the bot.
# A topic's name: $state is one of the emoji below, $id the chat's number, $who its name (with @username).
topics-name = { $state } #{ $id } · { $who }
# Open, nobody responsible yet.
topics-state-unassigned = 🔴
# Open, you are responsible.
topics-state-mine = 🟢
# Open, a colleague is responsible.
topics-state-others = 🔵
topics-state-closed = ✅
# A group chat, or a chat with the responsible switched off: nobody is ever responsible.
topics-state-shared = 💬
# /chats in threaded mode: the card is put into the chat's topic. $name is the topic's name.
topics-card-in-topic = The card is in the chat's topic: { $name }
