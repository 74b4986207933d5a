# /backup.
backup-unavailable = Резервные копии в этом боте не настроены.
backup-failed = Резервная копия не удалась; причина — в журнале бота.
backup-written = Резервная копия записана: { $path } ({ $size }).
backup-size-mb = { $mb } МБ
backup-size-kb = { $kb } КБ
