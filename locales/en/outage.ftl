# What the admins hear when the database cannot be written, and when it can again.
outage-notice =
    ⚠️ The console cannot write to its database: { $cause }{ $code }.
    New messages from clients wait at Telegram, unconfirmed, and will be taken in, in order, as soon as writes succeed again (Telegram keeps them for up to 24 hours).
    Please check the server's disk.
outage-cause-full = the disk is full
outage-cause-readonly = the database is read-only
outage-cause-ioerr = the disk reports an input/output error
outage-cause-locked = another program holds the database locked
outage-cause-cantopen = the database file cannot be opened
outage-cause-unexpected = an unexpected error
outage-recovered = ✅ The console can write to its database again (after { $after }). The messages that waited are being taken in.
outage-less-than-minute = less than a minute
outage-minutes = { $minutes } min
