# Что правила сообщают операторам (src/rules/events.ts); текст выбирается при отправке, на языке читателя.
# $id — номер чата, $title — его название; $by, $to, $operator, $author, $sender — имена людей.
events-integration = интеграция
events-assigned = 📌 { $by } назначил(а) вас ответственным за #{ $id } { $title }.
events-assigned-from-queue = 📌 #{ $id } { $title } ждал в очереди группы { $group }; теперь он ваш, раз вы в сети.
events-assigned-from-unnamed-queue = 📌 #{ $id } { $title } ждал в очереди группы; теперь он ваш, раз вы в сети.
events-taken = ↪️ { $by } забрал(а) у вас #{ $id } { $title }: теперь ответственный — { $to }.
events-taken-to-nobody = ↪️ { $by } забрал(а) у вас #{ $id } { $title }: теперь у него нет ответственного.
events-closed = ✅ { $by } закрыл(а) #{ $id } { $title }.
events-queued = ⏳ #{ $id } { $title } ждёт в очереди группы { $group }: никого из участников нет в сети. Он достанется первому, кто отправит /online.
# $minutes — число для показа, $n — то же число для выбора формы слова.
events-reminder-responsible =
    ⏰ #{ $id } { $title } ждёт вашего ответа уже { $minutes } { $n ->
        [one] минуту
        [few] минуты
       *[many] минут
    }.
events-reminder-nobody =
    ⏰ #{ $id } { $title } ждёт уже { $minutes } { $n ->
        [one] минуту
        [few] минуты
       *[many] минут
    }, и никто ещё не ответил.
events-escalated =
    🆘 #{ $id } { $title } ждёт ответа уже { $minutes } { $n ->
        [one] минуту
        [few] минуты
       *[many] минут
    }.
events-deactivated = 🚫 { $by } отключил(а) { $operator }.
# $chats — чаты в виде «#17 Карина, #18 Денис».
events-deactivated-released = 🚫 { $by } отключил(а) { $operator }. У этих чатов теперь нет ответственного: { $chats }.
events-joined = 👋 { $operator } присоединился(ась) к команде по вашему приглашению.
events-client-blocked = ⛔ { $title } заблокировал(а) бота: сообщения ему не доставляются.
# $source — метка ссылки /start, по которой пришёл клиент (из рекламы, с сайта).
events-started-from = 🚀 { $sender } запустил(а) бота по ссылке { $source }.
# $kind — что это за сообщение (photo, poll, invoice...).
events-not-copyable = 📎 { $sender } прислал(а) то, что Telegram не даёт ботам копировать ({ $kind }).
events-not-copyable-with-text = 📎 { $sender } прислал(а) то, что Telegram не даёт ботам копировать ({ $kind }: { $text }).
events-client-edited =
    ✏️ { $sender } изменил(а) сообщение:
    { $text }
events-client-edited-empty = ✏️ { $sender } изменил(а) сообщение.
# $what — текст ответа или «[photo] подпись» для других видов.
events-colleague-answered =
    💬 { $author } → { $title }:
    { $what }
# Сообщается админам напрямую (в outbox тогда не записать). $cause — один из events-storage-cause-*; $code — код SQLite.
events-storage-down =
    ⚠️ Консоль не может записывать в свою базу данных: { $cause }.
    Новые сообщения клиентов ждут в Telegram неподтверждёнными и будут приняты по порядку, как только запись снова заработает (Telegram хранит их до 24 часов).
    Пожалуйста, проверьте диск сервера.
events-storage-down-with-code =
    ⚠️ Консоль не может записывать в свою базу данных: { $cause } ({ $code }).
    Новые сообщения клиентов ждут в Telegram неподтверждёнными и будут приняты по порядку, как только запись снова заработает (Telegram хранит их до 24 часов).
    Пожалуйста, проверьте диск сервера.
events-storage-cause-full = диск заполнен
events-storage-cause-readonly = база данных доступна только для чтения
events-storage-cause-io = диск сообщает об ошибке ввода-вывода
events-storage-cause-locked = база данных заблокирована другой программой
events-storage-cause-cantopen = файл базы данных не открывается
events-storage-cause-other = непредвиденная ошибка
# $minutes — число для показа, $n — то же число для выбора формы слова.
events-storage-up =
    ✅ Консоль снова может записывать в свою базу данных (спустя { $minutes } { $n ->
        [one] минуту
        [few] минуты
       *[many] минут
    }). Сообщения, которые ждали, принимаются.
events-storage-up-soon = ✅ Консоль снова может записывать в свою базу данных (спустя меньше минуты). Сообщения, которые ждали, принимаются.
