# /operators: состав команды.
roster-text = Команда. Нажмите на оператора, чтобы повысить, понизить или отключить его.
roster-deactivated = отключён
roster-status = { $role }, { $availability }
roster-role-admin = администратор
roster-role-operator = оператор
roster-online = на месте
roster-away = отошёл
roster-not-found = Этот оператор больше не активен.
roster-last-admin = В команде должен остаться хотя бы один активный администратор.
roster-outdated = Состав команды изменился; вот он сейчас.
roster-make-admin = 👑 Сделать администратором
roster-make-operator = 👤 Сделать оператором
roster-deactivate = 🚫 Отключить
roster-now-admin = { $name } теперь администратор.
roster-now-operator = { $name } теперь оператор.
roster-now-deactivated = { $name } отключён(а); его (её) чаты остались без ответственного.
roster-back = « Команда
