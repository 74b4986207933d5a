# /language: язык, на котором консоль говорит с оператором.
language-current-chosen = Бот говорит с вами по-русски — вы выбрали этот язык. Выберите другой язык или язык вашего приложения Telegram:
language-current-app = Бот говорит с вами по-русски, как ваше приложение Telegram. Выберите язык:
language-as-app = 📱 Как в моём приложении Telegram
language-chosen = Готово.
language-outdated = Ваш язык изменился; вот текущее состояние.
