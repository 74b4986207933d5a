# /report: показатели по операторам, сообщением и в CSV.
report-title = 📊 Отчёт, { $period }
report-period-today = сегодня
report-period-7d = 7 дней
report-period-30d = 30 дней
report-button-today = Сегодня
report-button-7d = 7 дней
report-button-30d = 30 дней
report-button-csv = 📄 CSV
report-usage = Используйте /report today, /report 7d или /report 30d.
report-empty = За этот период активности не было.
report-team = Команда
report-line =
    { $name }: { $assigned ->
        [one] назначен { NUMBER($assigned, useGrouping: 0) } чат
        [few] назначено { NUMBER($assigned, useGrouping: 0) } чата
       *[other] назначено { NUMBER($assigned, useGrouping: 0) } чатов
    }, закрыто: { $closed }, { $messages ->
        [one] { NUMBER($messages, useGrouping: 0) } сообщение
        [few] { NUMBER($messages, useGrouping: 0) } сообщения
       *[other] { NUMBER($messages, useGrouping: 0) } сообщений
    }
      первый ответ: медиана { $firstMedian }, p90 { $firstP90 }; решение: медиана { $resolutionMedian }
      переназначено к нему { $reassignedIn }, от него { $reassignedOut }
report-csv-header = id_оператора,оператор,назначено_чатов,закрыто_чатов,отправлено_сообщений,первый_ответ_медиана_с,первый_ответ_p90_с,решение_медиана_с,переназначено_к,переназначено_от
duration-seconds = { $s } с
duration-minutes = { $m } мин { $s } с
duration-hours = { $h } ч { $m } мин
