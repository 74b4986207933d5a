# /settings, /reset_on_close и /watchdog.
settings-text =
    Настройки команды.
    Сброс при закрытии: закрытие чата снимает и ответственного, так что следующее сообщение клиента придёт как новый чат без ответственного.
    Напоминание: через N минут без ответа ответственному приходит напоминание; через 2N — тревога всем операторам на месте. Нажимайте, чтобы перебрать значения.
settings-reset-on-close = Снимать ответственного при закрытии
settings-sign-replies = Подписывать ответы именем ответственного
settings-on = вкл.
settings-off = выкл.
settings-minutes = { $minutes } мин
settings-watchdog-button = ⏰ Напоминание о чате без ответа: { $value }
settings-outdated = Настройки тем временем изменились; вот они сейчас.
settings-reset-usage = Сброс при закрытии: { $value }. Используйте /reset_on_close on или /reset_on_close off.
settings-reset-now = Сброс при закрытии теперь: { $value }.
settings-watchdog-usage = Напоминание о чате без ответа: { $value }. Используйте /watchdog N (минуты, до 1440) или /watchdog off.
settings-watchdog-now = Напоминание о чате без ответа теперь: { $value }.
