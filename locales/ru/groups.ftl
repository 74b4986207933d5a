# /groups и /newgroup: группы операторов.
algorithm-round-robin = по кругу
algorithm-fewest-open = меньше всего открытых чатов
algorithm-random = случайно
groups-text = Группы. Нажмите на группу, чтобы изменить алгоритм или участников.
groups-none = Групп пока нет. /newgroup создаёт группу.
groups-nothing-to-cancel = Отменять нечего.
groups-line = 👥 { $name } · { $algorithm } · { $n ->
        [one] { NUMBER($n, useGrouping: 0) } участник
        [few] { NUMBER($n, useGrouping: 0) } участника
       *[many] { NUMBER($n, useGrouping: 0) } участников
    }
groups-algorithm-button = { $name }: { $algorithm } (нажмите, чтобы сменить)
groups-back = « Группы
groups-outdated = Группы изменились; вот они сейчас.
groups-group-outdated = Группа изменилась; вот она сейчас.
new-group-cancel = Отмена
new-group-done = Готово
new-group-ask-name = Новая группа. Как она называется? (например: Продажи, Вторая линия; /cancel — прекратить)
new-group-name-first = Сначала пришлите название группы.
new-group-name-invalid = Пришлите название группы текстом, до 40 символов, или /cancel.
new-group-name-taken = Группа { $name } уже есть. Выберите другое название или /cancel.
new-group-ask-algorithm = Как группа { $name } будет выбирать, кому достанется чат? Выбираются только участники, которые на месте.
new-group-algorithm-first = Сначала выберите, как группа выбирает.
new-group-choose-button = Выберите одну из кнопок выше или /cancel.
new-group-ask-members = Кто входит в группу { $name }? Нажимайте, чтобы добавить или убрать, затем «Готово».
new-group-tap-members = Отметьте участников выше, затем «Готово», или /cancel.
new-group-created = Группа { $name } создана ({ $algorithm }, { $n ->
        [one] { NUMBER($n, useGrouping: 0) } участник
        [few] { NUMBER($n, useGrouping: 0) } участника
       *[many] { NUMBER($n, useGrouping: 0) } участников
    }). Изменить её можно через /groups.
new-group-created-meanwhile = Группу { $name } тем временем уже создали; ничего не изменено.
new-group-cancelled = Отменено. Ничего не создано.
new-group-not-admin = Вы больше не администратор, поэтому группа не создана.
