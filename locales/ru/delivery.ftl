# Что доставка сообщает, если сообщение не удалось доставить или показать. $reason — один из текстов delivery-failure-*.
delivery-not-delivered = ⚠️ Не доставлено в #{ $id } { $title }: { $reason }
delivery-not-delivered-to-client = ⚠️ Не доставлено клиенту: { $reason }
delivery-not-shown = 📎 Сообщение от { $title } не удалось показать здесь: { $reason }
delivery-failure-blocked = клиент заблокировал бота.
delivery-failure-never-started = этот человек ни разу не запускал бота.
delivery-failure-too-long = сообщение длиннее, чем позволяет Telegram (4096 символов).
delivery-failure-caption-too-long = подпись длиннее, чем позволяет Telegram (1024 символа).
delivery-failure-source-gone = исходного сообщения больше нет.
# $description — слова самого Telegram.
delivery-failure-refused = Telegram отказался его принять ({ $description }).
# $attempts — число для показа, $n — то же число для выбора формы слова.
delivery-failure-unreachable =
    Не удалось связаться с Telegram после { $attempts } { $n ->
        [one] попытки
       *[other] попыток
    } ({ $description })
delivery-failure-deactivated = оператор отключён.
