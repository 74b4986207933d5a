# Telegram Business: бизнес-аккаунт, подключивший бота, чаты его клиентов и ответы от имени аккаунта.
# $account — имя бизнес-аккаунта; $id — номер чата, $title — его название.
business-failure-off = подключение бизнес-аккаунта отключено или не разрешает отвечать; администратор может проверить его командой /inboxes
business-failure-window = с последнего сообщения клиента прошло больше 24 часов, и Telegram больше не даёт боту отвечать в этом чате; владелец аккаунта всё ещё может ответить из своего приложения Telegram
business-failure-not-resendable = такое сообщение нельзя отправить через бизнес-аккаунт; отправьте текст, фото, видео, файл, голосовое сообщение, стикер, геопозицию или контакт
business-refused = 🚫 { $account } подключил(а) бота к своему бизнес-аккаунту, но это может сделать только администратор консоли. Сообщения его клиентов не принимаются. Чтобы обслуживать этот аккаунт, сделайте { $account } администратором и попросите подключить бота заново.
business-connected = 🏢 { $account } подключил(а) свой бизнес-аккаунт: клиенты, которые ему пишут, теперь попадают к команде сюда.
business-off-disabled = ⚠️ Бизнес-аккаунт { $account } отключил бота: ответы его клиентам не отправить, пока бот снова не включён.
business-off-no-reply = ⚠️ Бизнес-аккаунт { $account } больше не разрешает боту отвечать: ответы его клиентам не отправить, пока право отвечать не вернут.
business-on = ✅ Бизнес-аккаунт { $account } снова разрешает боту отвечать.
# $count — число для показа; $n — то же число для выбора формы.
business-client-deleted =
    🗑 { $sender } удалил(а) { $n ->
        [one] { $count } сообщение
        [few] { $count } сообщения
       *[many] { $count } сообщений
    } в #{ $id } { $title } (в истории сказанное сохранилось).
# $what — текст ответа или «[photo] подпись» для других видов.
business-account-answered =
    📱 { $account } ответил(а) в #{ $id } { $title } из приложения аккаунта:
    { $what }
business-owner-answered =
    📱 { $author } ответил(а) в #{ $id } { $title } из приложения { $account }:
    { $what }
business-inbox-bot = сам бот
business-card-inbox = Входящие: { $inbox }
# $left — оставшееся время, как его называет business-window-left.
business-card-window = ⏳ Ответьте в течение { $left } (24-часовое окно Telegram)
business-window-left = { $h } ч { $m } мин
business-window-closed = ⌛ 24-часовое окно закрылось: ответить теперь может только владелец аккаунта, из своего приложения
business-list-inbox = 🏢 { $inbox }
business-inboxes-heading = 🏢 Входящие
business-inboxes-bot = • Сам бот: работает всегда
business-inboxes-line = • { $account }: { $state }
business-inboxes-state-on = отвечает{ $read ->
        [yes] , отмечает сообщения прочитанными
       *[no] {""}
    }
business-inboxes-state-disabled = отключён аккаунтом
business-inboxes-state-no-reply = не может отвечать
business-inboxes-state-refused = не принимается (подключил не администратор)
business-inboxes-empty = Ни один бизнес-аккаунт не подключён. Чтобы подключить: в приложении Telegram этого аккаунта откройте Настройки → Telegram для бизнеса → Чат-боты и добавьте этого бота — с аккаунта, который здесь администратор.
command-inboxes = входящие: бот и подключённые бизнес-аккаунты
business-chat-list-by-inbox = 🏢 По входящим
# $left — оставшееся время, как его называет business-window-left.
business-window-closing = 🆘 #{ $id } { $title } всё ещё без ответа, а 24-часовое окно Telegram для ответа закроется через { $left }.
