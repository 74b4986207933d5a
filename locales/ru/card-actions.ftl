# Кнопки карточки чата: ответы на нажатия и клавиатура назначения.
card-refusal-not-found = Этого чата или группы больше нет.
card-refusal-group-chat = У группового чата не бывает ответственного: ответственные только для личных чатов.
card-refusal-responsible-off = Для этого чата ответственный отключён.
card-refusal-taken-by = Чат уже взял(а) { $name }.
card-refusal-taken = Кто-то только что изменил этот чат.
card-refusal-not-allowed = Это может сделать только ответственный за чат или администратор.
card-refusal-target-inactive = Этот оператор больше не активен.
card-refusal-already-closed = Чат уже закрыт.
card-refusal-already-open = Чат уже открыт.
card-refusal-stale = Чат изменился после того, как была нарисована эта карточка.
card-chat-gone = Этого чата больше нет.
card-stale-redrawn = Чат изменился после того, как была нарисована эта карточка; вот его текущее состояние.
card-rescue-answered = Этому клиенту уже ответили.
card-done-claim = Чат ваш.
card-done-rescue = Чат ваш: клиент ждёт.
card-done-unassign = Теперь у чата нет ответственного.
card-done-assign = Назначено.
card-done-group = Передано группе.
card-done-close = Закрыто.
card-done-reopen = Открыто снова.
card-done-responsible-off = Ответственный для этого чата отключён.
card-done-responsible-on = Ответственный для этого чата включён.
card-assign-operator = { $name } · { $n ->
        [one] { NUMBER($n, useGrouping: 0) } открытый
       *[other] { NUMBER($n, useGrouping: 0) } открытых
    }
card-unassign = 🚫 Снять ответственного
