# /profile: an operator's notifications.
profile-text =
    Your notifications. Now: { $channel }, { $filter }; you are { $availability }.
    Top row: how messages reach you (Off: nothing is pushed, you work from the cards you have).
    Bottom row: which chats. New and mine = chats without a responsible plus yours. Chats assigned to you are always announced.
profile-channel-sound = with sound
profile-channel-silent = silent
profile-channel-off = off
profile-filter-all = all chats
profile-filter-new-and-mine = new and mine
profile-filter-mine = mine only
profile-availability-online = online
profile-availability-away = away
profile-button-sound = 🔔 Sound
profile-button-silent = 🔕 Silent
profile-button-off = ⛔ Off
profile-button-all = All chats
profile-button-new-and-mine = New and mine
profile-button-mine = Mine only
profile-outdated = Your profile changed; here it is now.
