# Слова, общие для нескольких функций. У каждой функции свой файл рядом (locales/ru/<feature>.ftl),
# с теми же ключами, что и в других языках.
language-name = Русский
button-no-longer-valid = Эта кнопка больше не действует.
guard-not-operator = Это только для операторов команды.
guard-not-admin = Это может сделать только администратор.
nothing-to-change = Менять нечего.
button-back = « Назад
ago-minutes = { $m } мин
ago-hours = { $h } ч { $m } мин
ago-days = { $d } дн.
