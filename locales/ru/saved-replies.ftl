# Шаблоны ответов (/replies) и встроенный режим, который предлагает их в разговоре с клиентом.
command-replies = Шаблоны ответов: общие для команды и ваши
replies-home = 💬 Шаблоны ответов. В разговоре с клиентом наберите @{ $bot } и слово из названия или текста шаблона, затем нажмите на шаблон: он уйдёт клиенту, как любой ответ. Отвечайте при этом на сообщение клиента (или пишите в его теме). Вместо { $client } и { $operator } подставляются имя клиента и ваше.
replies-team-button = 📚 Общие шаблоны ({ $n })
replies-own-button = 👤 Мои шаблоны ({ $n })
replies-team-heading = 📚 Общие шаблоны: { $n ->
    [0] пока нет ни одного.
    [one] { $n } шаблон.
    [few] { $n } шаблона.
   *[other] { $n } шаблонов.
}
replies-own-heading = 👤 Ваши шаблоны: { $n ->
    [0] пока нет ни одного.
    [one] { $n } шаблон.
    [few] { $n } шаблона.
   *[other] { $n } шаблонов.
}
replies-section-hint-manage = Нажмите на шаблон, чтобы посмотреть, изменить или удалить его, или добавьте новый.
replies-section-hint-read = Нажмите на шаблон, чтобы посмотреть его. Общие шаблоны меняют только администраторы.
replies-prev = ◀ Назад
replies-next = Дальше ▶
replies-add-button = ➕ Добавить
replies-edit-button = ✏️ Изменить
replies-delete-button = 🗑 Удалить
replies-delete-confirm = Удалить шаблон «{ $title }»? Его больше никому не будут предлагать.
replies-delete-yes = 🗑 Да, удалить
replies-deleted = Шаблон «{ $title }» удалён.
replies-cancel = Отмена
replies-gone = Этого шаблона больше нет.
replies-kind-text = текст
replies-kind-photo = фото
replies-kind-video = видео
replies-kind-document = файл
replies-kind-animation = GIF
replies-kind-audio = аудио
replies-kind-voice = голосовое сообщение
replies-kind-sticker = стикер
replies-section-team = общие шаблоны
replies-section-own = ваши шаблоны
replies-ask-title = Новый шаблон в разделе «{ $section }». Пришлите его название (до 64 символов): шаблон находят по названию и тексту. /cancel — прекратить.
replies-title-invalid = Пришлите название текстом, до 64 символов, не начиная с /; или /cancel.
replies-ask-content = Теперь пришлите сам ответ: текст или фото, видео, файл, GIF, аудио, голосовое сообщение или стикер (у медиа может быть подпись). Вместо { $client } и { $operator } каждому клиенту подставляются имена.
replies-content-invalid = Это не может быть шаблоном. Пришлите текст или фото, видео, файл, GIF, аудио, голосовое сообщение или стикер; или /cancel.
replies-edit-ask-title = Изменяем «{ $title }». Пришлите новое название или /skip, чтобы оставить прежнее; /cancel — прекратить.
replies-edit-ask-content = Пришлите новый ответ (текст или медиа с подписью) или /skip, чтобы оставить прежний.
replies-saved = ✅ Шаблон «{ $title }» сохранён: { $section }.
replies-cancelled = Отменено. Ничего не изменилось.
replies-not-admin = Общие шаблоны может менять только администратор; ничего не изменилось.
