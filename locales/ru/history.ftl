# История чата и расшифровка.
history-empty = #{ $id } { $title }: сообщений пока нет.
history-title = 📜 #{ $id } { $title }
history-title-page = 📜 #{ $id } { $title } (страница { $page })
history-operator = { $name } (оператор)
history-older = Раньше
history-transcript-button = 📄 Расшифровка
history-transcript-caption = Расшифровка #{ $id } { $title }
