# /settings, /reset_on_close, /watchdog и /backlog.
settings-text =
    Настройки команды.
    Сброс при закрытии: закрытие чата снимает и ответственного, так что следующее сообщение клиента придёт как новый чат без ответственного.
    Напоминание: через N минут без ответа ответственному приходит напоминание; через 2N — тревога всем операторам на месте. Нажимайте, чтобы перебрать значения.
    Предел очереди: когда у оператора в очереди столько неотправленных сообщений (каждое — около секунды), сообщения из чужих чатов сводятся в одно уведомление, пока очередь не станет короткой.
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
settings-messages = { $count } { $n ->
    [one] сообщение
    [few] сообщения
   *[many] сообщений
}
settings-backlog-button = 📥 Предел очереди: { $value }
settings-backlog-usage = Предел очереди: { $value }. Используйте /backlog N (сколько сообщений может ждать отправки одному оператору, от 10 до 10000) или /backlog off.
settings-backlog-now = Предел очереди теперь: { $value }.
