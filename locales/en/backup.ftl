# /backup.
backup-unavailable = Backups are not set up in this bot.
backup-failed = The backup failed; the bot's log says why.
backup-written = Backup written: { $path } ({ $size }).
backup-size-mb = { $mb } MB
backup-size-kb = { $kb } KB
