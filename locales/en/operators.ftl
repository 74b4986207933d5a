# /operators: the team roster.
roster-text = The team. Tap an operator to promote, demote or deactivate them.
roster-deactivated = deactivated
roster-status = { $role }, { $availability }
roster-role-admin = admin
roster-role-operator = operator
roster-online = online
roster-away = away
roster-not-found = That operator is not active any more.
roster-last-admin = The team must keep at least one active admin.
roster-outdated = The roster changed; here it is now.
roster-make-admin = 👑 Make admin
roster-make-operator = 👤 Make operator
roster-deactivate = 🚫 Deactivate
roster-now-admin = { $name } is an admin now.
roster-now-operator = { $name } is an operator now.
roster-now-deactivated = { $name } is deactivated; their chats are unassigned.
roster-back = « Roster
