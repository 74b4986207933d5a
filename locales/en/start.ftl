# /start and /help: greetings and joining the team through an invite link.
start-hello = Hello! { $help }
start-invite-unknown = This invite link is not valid. Ask an admin of your team for a new one.
start-invite-used = This invite link has already been used. Ask an admin of your team for a new one.
start-invite-expired = This invite link has expired (links last 24 hours). Ask an admin of your team for a new one.
start-already-operator = You are already an operator of this team.
start-welcome =
    Welcome to the team, { $name }!

    { $help }
