# /online and /away.
availability-online = 🟢 You are online: chats handed to your groups can be assigned to you.
availability-got-from-queue = From your groups' queues you got: { $chats }.
availability-away = ⚪ You are away: group assignments skip you. Your own chats stay yours.
