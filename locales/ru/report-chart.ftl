# Картинка к /report: период по дням и по операторам.
report-chart-title = Отчёт, { $period }
report-chart-date = { DATETIME($date, month: "short", day: "numeric") }
report-chart-new-chats = Новые чаты
report-chart-closed-chats = Закрытые чаты
report-chart-first-response = Первый ответ, медиана
report-chart-operators = По операторам
report-chart-assigned = Назначено
report-chart-more-operators = …и ещё { $n ->
    [one] { $n } оператор
    [few] { $n } оператора
    [many] { $n } операторов
   *[other] { $n } оператора
  }
report-chart-caption = 📈 { $period }: новые и закрытые чаты и медиана первого ответа по дням; чаты по операторам.
report-button-chart = 📈 График
