# The card's actions as typed commands (/claim, /assign, /close, /reopen, /history), and the threaded inbox's hints.
command-claim = Take this chat (in its topic, or as a reply)
command-assign = Hand this chat to an operator or a group
command-close = Close this chat
command-reopen = Reopen this chat
command-history = This chat's latest messages
chat-command-which =
    { $command ->
        [claim] Claim which chat? Open chats nobody is responsible for, newest first.
        [assign] Assign which chat? Your open chats, newest first.
        [reopen] Reopen which chat? Closed chats, newest first.
        [history] The history of which chat? Your open chats, newest first.
       *[close] Close which chat? Your open chats, newest first.
    } Type the command in a client's topic, or as a reply to a client's message, to skip this question; /chats lists every chat.
chat-command-none =
    { $command ->
        [claim] No open chat is waiting for a responsible.
        [reopen] No closed chat you can reopen.
       *[other] You have no open chats.
    } /chats lists every chat.
chat-command-chat = #{ $id } { $title }
topics-write-in-topic = To answer a client, write in their topic: each client chat has its own topic in this chat. This lane and topics you made yourself reach no client.
