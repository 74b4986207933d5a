# /groups and /newgroup: groups of operators.
algorithm-round-robin = round robin
algorithm-fewest-open = fewest open chats
algorithm-random = random
groups-text = Groups. Tap one to change its algorithm or members.
groups-none = No groups yet. /newgroup creates one.
groups-nothing-to-cancel = Nothing to cancel.
groups-line = 👥 { $name } · { $algorithm } · { NUMBER($n, useGrouping: 0) } members
groups-algorithm-button = { $name }: { $algorithm } (tap to change)
groups-back = « Groups
groups-outdated = The groups changed; here they are now.
groups-group-outdated = The group changed; here it is now.
new-group-cancel = Cancel
new-group-done = Done
new-group-ask-name = New group. What is its name? (for example: Sales, Second line; /cancel to stop)
new-group-name-first = Send the group's name first.
new-group-name-invalid = Send the group's name as text, up to 40 characters, or /cancel.
new-group-name-taken = There is already a group called { $name }. Choose another name, or /cancel.
new-group-ask-algorithm = How should { $name } pick who gets a chat? Only members who are online are picked.
new-group-algorithm-first = Choose how the group picks first.
new-group-choose-button = Choose one of the buttons above, or /cancel.
new-group-ask-members = Who is in { $name }? Tap to add or remove, then Done.
new-group-tap-members = Tap the members above, then Done, or /cancel.
new-group-created = Group { $name } created ({ $algorithm }, { $n ->
        [one] { NUMBER($n, useGrouping: 0) } member
       *[other] { NUMBER($n, useGrouping: 0) } members
    }). /groups changes it later.
new-group-created-meanwhile = A group called { $name } was created meanwhile; nothing was changed.
new-group-cancelled = Cancelled. Nothing was created.
new-group-not-admin = You are no longer an admin, so the group was not created.
