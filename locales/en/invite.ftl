# /invite.
invite-link =
    Send this link to the new operator. It works once, until { $until } UTC:
    { $link }
