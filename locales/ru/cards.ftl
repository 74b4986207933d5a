# Карточка чата (рисуется при отправке и заново при нажатии кнопки) и уведомление о «свёрнутых» сообщениях.
# $id — номер чата, $who — его название (с @username, если он есть).
cards-title = 💬 #{ $id } · { $who }
cards-status =
    Статус: { $status ->
        [open] открыт
       *[closed] закрыт
    }
cards-status-blocked =
    Статус: { $status ->
        [open] открыт
       *[closed] закрыт
    } · ⛔ заблокировал(а) бота
cards-group-chat = Групповой чат: без ответственного
cards-responsible-off = Ответственный: отключён для этого чата
cards-responsible-queued = Ответственный: нет, ждёт в очереди группы { $group }
cards-responsible-none = Ответственный: нет (не назначен)
cards-responsible-you = Ответственный: вы
cards-responsible = Ответственный: { $name }
cards-came-from = Пришёл из: { $source }
cards-take-it = 🆘 Взять
cards-claim = 🙋 Взять себе
cards-assign = 👥 Назначить
cards-close = ✅ Закрыть
cards-reopen = ↩️ Открыть снова
cards-history = 📜 История
cards-switch-off = 🔕 Отключить ответственного
cards-switch-on = 🔔 Включить ответственного
# $count — число для показа, $n — то же число для выбора формы слова.
cards-fold =
    📨 { $title } { $n ->
        [one] прислал(а) ещё { $count } сообщение
        [few] прислал(а) ещё { $count } сообщения
       *[many] прислал(а) ещё { $count } сообщений
    }. Все они есть в 📜 Истории чата.
# Уведомление о длинной очереди: $messages и $chats — числа для показа, $m и $c — те же числа для выбора формы слова.
cards-backlog =
    📥 Очередь длинная, поэтому сообщения из чужих чатов не пересылались сюда по одному: ещё { $messages } { $m ->
        [one] сообщение
        [few] сообщения
       *[many] сообщений
    } в { $c ->
        [one] { $chats } чате
       *[other] { $chats } чатах
    }. Сообщения из ваших чатов приходят как обычно. Кто ждёт ответа — в списке чатов.
cards-backlog-open = 📋 Открыть чаты
