# /report's picture: the period day by day and per operator.
report-chart-title = Report, { $period }
report-chart-date = { DATETIME($date, month: "short", day: "numeric") }
report-chart-new-chats = New chats
report-chart-closed-chats = Closed chats
report-chart-first-response = First response, median
report-chart-operators = Per operator
report-chart-assigned = Assigned
report-chart-more-operators = …and { $n ->
    [one] one more operator
   *[other] { $n } more operators
  }
report-chart-caption = 📈 { $period }: new chats, closed chats and the median first response per day; chats per operator.
report-button-chart = 📈 Chart
