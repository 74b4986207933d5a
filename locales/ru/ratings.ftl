# Оценки: вопрос клиенту после закрытия чата и то, что видят операторы.
rating-question =
    Как мы справились? Оцените разговор от 1 (плохо) до 5 (отлично).
# $stars: оценка звёздами, ★★★★☆.
rating-thanks = Спасибо за оценку: { $stars }
rating-add-comment = 💬 Добавить комментарий
rating-comment-ask = Напишите комментарий одним сообщением — команда его прочитает.
rating-comment-thanks = Спасибо, ваш комментарий передан команде.
rating-already = Вы уже оценили этот разговор.
rating-not-yours = Эту оценку может поставить только клиент.
rating-no-longer = Этот вопрос больше не актуален.
# Операторам: $id и $title — чат, $client — клиент, $stars — оценка.
events-rated = ⭐ { $client } оценил(а) #{ $id } { $title }: { $stars }
events-rating-comment =
    💬 { $client } прокомментировал(а) оценку #{ $id } { $title } ({ $stars }):
    { $text }
settings-ratings = Просить клиентов оценить закрытый чат
# Раздел оценок в отчёте: $average вроде 4.5, $count — число оценок.
report-ratings-title = ⭐ Оценки
report-ratings-line = { $name }: в среднем { $average }, { $count ->
        [one] { NUMBER($count, useGrouping: 0) } оценка
        [few] { NUMBER($count, useGrouping: 0) } оценки
        [many] { NUMBER($count, useGrouping: 0) } оценок
       *[other] { NUMBER($count, useGrouping: 0) } оценки
    }
report-ratings-none = За этот период оценок не было.
